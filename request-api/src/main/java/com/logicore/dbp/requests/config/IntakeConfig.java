package com.logicore.dbp.requests.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/** What the intake accepts. */
@ConfigMapping(prefix = "dbp.intake")
public interface IntakeConfig {

    /** Target databases requests may name (PostgreSQL databases and MongoDB databases). */
    @WithDefault("logicore,tracking")
    List<String> targetDatabases();

    /** Largest page of GET /api/v1/requests. */
    @WithDefault("200")
    int maxPageSize();
}
