package com.logicore.dbp.migration.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Drift detection: how often managed schemas are compared with the snapshot of their last platform change. */
@ConfigMapping(prefix = "dbp.drift")
public interface DriftConfig {

    /**
     * Interval of the check, e.g. {@code 5m}; {@code off} disables it (also read by the scheduler as
     * {@code ${dbp.drift.check-every}}).
     */
    @WithDefault("5m")
    String checkEvery();
}
