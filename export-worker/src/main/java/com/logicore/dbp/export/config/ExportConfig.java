package com.logicore.dbp.export.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Where exports, archives and backups go, how the worker reaches the target database, and the limits it keeps. */
@ConfigMapping(prefix = "dbp.export")
public interface ExportConfig {

    /** The export store: a directory; exports, archives and backups live under it. */
    @WithDefault(".dbp/data/exports")
    String store();

    /** How long an export file is kept before the purge (written into its manifest). */
    @WithDefault("7d")
    Duration expiry();

    /** Secret that makes file names unguessable and stable per request; generated into the store when absent. */
    Optional<String> nameSecret();

    /** Salt of HASH-masked columns: the same salt gives joinable hashes across exports; generated when absent. */
    Optional<String> hashSalt();

    /** Longest a single export query may run. */
    @WithDefault("2h")
    Duration statementTimeout();

    /** How often a running job reports progress. */
    @WithDefault("3s")
    Duration progressInterval();

    /** The target database (a read replica in production), as seen by the roles below. */
    Target target();

    /** The target MongoDB archive settings. */
    Archive archive();

    /** Connection and roles on the target PostgreSQL. */
    interface Target {
        /** JDBC URL of the database exports read (a replica in production; the primary locally). */
        @WithDefault("jdbc:postgresql://127.0.0.1:5432/logicore")
        String jdbcUrl();

        /**
         * JDBC URL of the primary, where the masking views and roles are created (DDL cannot run on a replica); the
         * export URL when absent.
         */
        Optional<String> primaryJdbcUrl();

        /** Role that owns the masking views and grants on them (needs SELECT on the team tables; not the exporter). */
        @WithDefault("postgres")
        String adminUser();

        Optional<String> adminPassword();

        /** The login role masked exports run as: SELECT on the masking views only. */
        @WithDefault("dbp_export_masked")
        String maskedRole();

        /** The login role of approved unmasked exports: SELECT on exactly the exported tables, for the job only. */
        @WithDefault("dbp_export_unmasked")
        String unmaskedRole();

        /** Password of the two export roles when the server asks for one (the local demo uses trust auth). */
        Optional<String> exportPassword();

        /** A team's login role is this prefix plus the team id; a restored schema is handed to it. */
        @WithDefault("team_")
        String teamRolePrefix();

        /** Directory of pg_dump / pg_restore; searched on PATH and in /usr/lib/postgresql/N/bin when absent. */
        Optional<String> pgBinDir();
    }

    /** MongoDB archival. */
    interface Archive {
        /** The MongoDB database whose collections are archived (the request names the collection). */
        @WithDefault("tracking")
        String mongoDatabase();

        /** Documents per batch (written, verified and deleted together). */
        @WithDefault("10000")
        int batchSize();

        /** Default throttle in documents per second when the payload gives none; 0 means unthrottled. */
        @WithDefault("0")
        int maxDocsPerSecond();

        /**
         * Test-only, never set in production: {@code POINT:batch} (MID_BATCH or AFTER_VERIFY) makes an archive run
         * stop dead there and wait to be killed, so a test can SIGKILL the worker at that exact point.
         */
        Optional<String> testHaltAt();
    }
}
