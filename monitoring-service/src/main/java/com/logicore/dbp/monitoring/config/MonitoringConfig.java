package com.logicore.dbp.monitoring.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Access to the ops API, the target databases monitoring reads, and the thresholds of its health probes. */
@ConfigMapping(prefix = "dbp.monitoring")
public interface MonitoringConfig {

    /** Bearer token ops present to read streams and timelines; without one the API refuses every call. */
    Optional<String> opsToken();

    /** The target PostgreSQL monitoring probes and explains queries on. */
    Target target();

    /** Health probe thresholds. */
    Probes probes();

    /** QUERY_REVIEW settings. */
    Review review();

    /** The target PostgreSQL (ideally a replica), read only. */
    interface Target {
        /** JDBC URL of the target database. */
        @WithDefault("jdbc:postgresql://127.0.0.1:5432/logicore")
        String jdbcUrl();

        /**
         * Role monitoring connects as: read only (e.g. {@code dbp_monitor}: {@code pg_read_all_data} and {@code pg_monitor});
         * every session it opens is additionally {@code default_transaction_read_only}.
         */
        @WithDefault("postgres")
        String username();

        Optional<String> password();

        /** The logical database name quoted in findings and resources. */
        @WithDefault("logicore")
        String database();

        /** Statement timeout of every probe and EXPLAIN. */
        @WithDefault("10s")
        Duration statementTimeout();
    }

    /** Health probes. */
    interface Probes {
        /** How often the probes run (cluster-wide, one instance at a time); {@code off} disables the schedule. */
        @WithDefault("60s")
        String every();

        /** Statements slower than this on average are reported. */
        @WithDefault("200ms")
        Duration slowStatementMean();

        /** Tables with at least this many live rows count as large for sequential-scan findings. */
        @WithDefault("50000")
        long largeTableRows();

        /** Redis hit rate (0..1) below which a finding is raised. */
        @WithDefault("0.8")
        double redisHitRateThreshold();

        /** Fewer lookups than this in an interval are too few to judge the hit rate. */
        @WithDefault("100")
        long redisMinLookups();

        /** Redis to probe; defaults to the platform's own ({@code dbp.redis.url}). */
        Optional<String> redisUrl();

        /** MongoDB databases whose collections are measured (comma separated). */
        @WithDefault("tracking")
        List<String> mongoDatabases();

        /** A collection larger than this (bytes) with no archive policy is a finding. */
        @WithDefault("10737418240")
        long mongoCollectionBytes();

        /** Collections that have an archive policy outside the platform ({@code database.collection}). */
        Optional<List<String>> archivedCollections();
    }

    /** QUERY_REVIEW. */
    interface Review {
        /** Index advice is given only if the estimated cost falls by at least this factor (before/after). */
        @WithDefault("2.0")
        double minCostFactor();

        /** A sequential scan over at least this many rows is a finding. */
        @WithDefault("10000")
        long seqScanRows();

        /** Estimated vs actual rows off by this factor is a misestimate (EXPLAIN ANALYZE only). */
        @WithDefault("10")
        double misestimateFactor();

        /**
         * Run EXPLAIN ANALYZE (in a READ ONLY transaction under the statement timeout) to see real rows and sort
         * spills. Off by default: it executes the query on the target.
         */
        @WithDefault("false")
        boolean analyze();
    }
}
