package com.logicore.dbp.monitoring.config;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** Access to the ops API. */
@ConfigMapping(prefix = "dbp.monitoring")
public interface MonitoringConfig {

    /** Bearer token ops present to read streams and timelines; without one the API refuses every call. */
    Optional<String> opsToken();
}
