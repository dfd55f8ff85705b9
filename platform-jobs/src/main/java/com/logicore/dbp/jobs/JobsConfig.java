package com.logicore.dbp.jobs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How a worker names itself in the job status events it writes. */
@ConfigMapping(prefix = "dbp.jobs")
public interface JobsConfig {

    /** The worker named in JobStarted events (shown on the request's timeline); by default the application's name. */
    @WithDefault("${quarkus.application.name}")
    String worker();
}
