package com.logicore.dbp.approval.dryrun;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Where and how migrations are dry-run before a decision. */
@ConfigMapping(prefix = "dbp.target")
public interface DryRunConfig {

    /** JDBC URL of the target database (the dry run uses a throwaway shadow schema in it). */
    @WithDefault("jdbc:postgresql://127.0.0.1:5432/logicore")
    String jdbcUrl();

    /** A team's login role is this prefix plus the team id. */
    @WithDefault("team_")
    String teamRolePrefix();

    Optional<String> teamPassword();

    /** A role that may create schemas (only the empty shadow schema; the migration itself runs as the team). */
    @WithDefault("postgres")
    String adminUser();

    Optional<String> adminPassword();

    /** Whether SCHEMA_CHANGE requests are dry-run at all. */
    @WithDefault("true")
    boolean dryRunEnabled();

    /** Longest a dry-run statement may run (the shadow tables are empty: anything slow is suspicious). */
    @WithDefault("10s")
    Duration dryRunStatementTimeout();
}
