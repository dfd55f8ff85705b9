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

    /** Password of the team roles, when the server asks for one (the local demo uses trust auth). */
    Optional<String> teamPassword();

    /** How long a statement may wait for a lock before giving up (keeps a blocked DDL from blocking everyone). */
    @WithDefault("5s")
    Duration lockTimeout();

    /** Longest a single statement may run. */
    @WithDefault("30m")
    Duration statementTimeout();

    /** How long a job waits for another job on the same schema to finish. */
    @WithDefault("10m")
    Duration schemaLockWait();
}
