package com.logicore.dbp.migration.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How the worker reaches the target database, and the limits it runs team work under. */
@ConfigMapping(prefix = "dbp.target")
public interface TargetConfig {

    /** JDBC URL of the target database; team work connects here as the team's own login role. */
    @WithDefault("jdbc:postgresql://127.0.0.1:5432/logicore")
    String jdbcUrl();

    /** A team's login role is this prefix plus the team id, e.g. {@code team_routing}. */
    @WithDefault("team_")
    String teamRolePrefix();

    /**
     * Password of team roles the platform did not provision itself (the demo roles; the local demo uses trust auth).
     * Roles created by PROVISION_SCHEMA use their own generated secret.
     */
    Optional<String> teamPassword();

    /**
     * The platform's own administrative login: creates schemas and roles (PROVISION_SCHEMA) and watches
     * {@code pg_stat_activity} for blockers. It never runs team SQL. Needs CREATEROLE and CREATE on the database (a
     * superuser locally).
     */
    @WithDefault("postgres")
    String adminUser();

    Optional<String> adminPassword();

    /** How long a statement may wait for a lock before giving up (keeps a blocked DDL from blocking everyone). */
    @WithDefault("5s")
    Duration lockTimeout();

    /** Longest a single statement may run. */
    @WithDefault("30m")
    Duration statementTimeout();

    /** How often a migration that hit the lock timeout is tried again before the job fails naming the blocker. */
    @WithDefault("3")
    int lockRetries();

    /** Wait before the first retry after a lock timeout; doubled for each further retry. */
    @WithDefault("2s")
    Duration lockRetryBackoff();

    /** How long a job waits for another job on the same schema to finish. */
    @WithDefault("10m")
    Duration schemaLockWait();

    /** Jobs of different schemas run at the same time on at most this many threads (one schema: one at a time). */
    @WithDefault("4")
    int parallelSchemas();
}
