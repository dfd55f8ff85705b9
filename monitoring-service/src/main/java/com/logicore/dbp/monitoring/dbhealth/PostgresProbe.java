package com.logicore.dbp.monitoring.dbhealth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.payload.HealthFinding;
import com.logicore.dbp.events.payload.HealthFinding.Severity;
import com.logicore.dbp.monitoring.config.MonitoringConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * PostgreSQL health: slowest statements (pg_stat_statements) attributed to the owning team, sequential scans on large
 * tables, unused and duplicate indexes, dead-tuple bloat estimate.
 */
@ApplicationScoped
public class PostgresProbe {

    static final String PROBE = "postgres";

    private final TargetDatabase target;
    private final MonitoringConfig.Probes config;
    private final SchemaOwners owners;

    public PostgresProbe(TargetDatabase target, MonitoringConfig config, SchemaOwners owners) {
        this.target = target;
        this.config = config.probes();
        this.owners = owners;
    }

    public List<HealthFinding> probe() throws SQLException {
        Instant now = Instant.now();
        List<HealthFinding> findings = new ArrayList<>();
        try (Connection connection = target.open()) {
            Map<String, String> teams = TargetDatabase.schemaTeams(connection);
            // an admin's assignment on dbp.ownership wins over the owner role
            owners.all().forEach((key, team) -> {
                if (key.startsWith(target.database() + "/")) {
                    teams.put(key.substring(target.database().length() + 1), team);
                }
            });
            slowStatements(connection, teams, now, findings);
            seqScans(connection, teams, now, findings);
            unusedIndexes(connection, teams, now, findings);
            duplicateIndexes(connection, teams, now, findings);
            bloat(connection, teams, now, findings);
        }
        return findings;
    }

    private String resource(String relation) {
        return "postgres:" + target.database() + "/" + relation;
    }

    private void slowStatements(Connection c, Map<String, String> teams, Instant now, List<HealthFinding> out)
            throws SQLException {
        String preload;
        try {
            preload = scalar(c, "SELECT current_setting('shared_preload_libraries')");
        } catch (SQLException e) {
            // readable with pg_read_all_settings (in pg_monitor); without it, the finding below says what is missing
            preload = null;
        }
        boolean loaded = preload != null && preload.contains("pg_stat_statements");
        boolean created = scalar(c, "SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'") != null;
        if (!loaded || !created) {
            ObjectNode metrics = EventJson.mapper().createObjectNode();
            metrics.put("preloaded", loaded);
            metrics.put("extensionCreated", created);
            out.add(new HealthFinding(
                    "postgres.pg-stat-statements-unavailable",
                    resource("pg_stat_statements"),
                    null,
                    Severity.WARNING,
                    "pg_stat_statements is not available, so slow statements cannot be reported. To enable it: "
                            + (loaded
                                    ? ""
                                    : "add pg_stat_statements to shared_preload_libraries (ALTER SYSTEM SET"
                                            + " shared_preload_libraries = 'pg_stat_statements'), restart PostgreSQL, then ")
                            + "run CREATE EXTENSION pg_stat_statements in database " + target.database()
                            + " (deploy/local/install-pg-extensions.sh does both with ENABLE_PG_STAT_STATEMENTS=restart)",
                    metrics,
                    now));
            return;
        }
        String sql = "SELECT s.query, s.calls, s.mean_exec_time, s.total_exec_time, s.rows, r.rolname"
                + " FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid"
                + " WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
                + " AND s.mean_exec_time >= ? AND s.query NOT ILIKE '%pg_stat_statements%'"
                + " AND s.query NOT ILIKE 'EXPLAIN%' ORDER BY s.total_exec_time DESC LIMIT 20";
        try (var statement = c.prepareStatement(sql)) {
            statement.setDouble(1, config.slowStatementMean().toMillis());
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    String query = rows.getString(1);
                    String role = rows.getString(6);
                    String team = role.startsWith("team_") ? role.substring(5) : teamOfQuery(query, teams);
                    ObjectNode metrics = EventJson.mapper().createObjectNode();
                    metrics.put("query", query.length() > 2000 ? query.substring(0, 2000) : query);
                    metrics.put("calls", rows.getLong(2));
                    metrics.put("meanMillis", Math.round(rows.getDouble(3) * 10) / 10.0);
                    metrics.put("totalMillis", Math.round(rows.getDouble(4) * 10) / 10.0);
                    metrics.put("rows", rows.getLong(5));
                    metrics.put("role", role);
                    out.add(new HealthFinding(
                            "postgres.slow-statement",
                            resource("statement/" + Integer.toHexString(query.hashCode())),
                            team,
                            rows.getDouble(3) >= 5 * config.slowStatementMean().toMillis()
                                    ? Severity.CRITICAL
                                    : Severity.WARNING,
                            String.format(
                                    "slow statement: mean %.0f ms over %d calls (total %.0f ms): %s — submit a"
                                            + " QUERY_REVIEW for its plan and index advice",
                                    rows.getDouble(3), rows.getLong(2), rows.getDouble(4), abbreviate(query)),
                            metrics,
                            now));
                }
            }
        }
    }

    /** The team owning a schema the statement names ({@code schema.table}), or null. */
    static String teamOfQuery(String query, Map<String, String> teams) {
        for (var entry : teams.entrySet()) {
            Pattern named = Pattern.compile("(?i)(^|[^a-z0-9_\"])\"?" + Pattern.quote(entry.getKey()) + "\"?\\.");
            if (named.matcher(query).find()) {
                return entry.getValue();
            }
        }
        return null;
    }

    private void seqScans(Connection c, Map<String, String> teams, Instant now, List<HealthFinding> out)
            throws SQLException {
        // Parallel workers count one scan each, so compare the rows read, not the rows per scan, to the table size.
        String sql = "SELECT schemaname, relname, seq_scan, seq_tup_read, coalesce(idx_scan, 0), n_live_tup"
                + " FROM pg_stat_user_tables WHERE n_live_tup >= ? AND seq_scan > 0"
                + " AND seq_tup_read >= n_live_tup ORDER BY seq_tup_read DESC LIMIT 20";
        try (var statement = c.prepareStatement(sql)) {
            statement.setLong(1, config.largeTableRows());
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    String table = rows.getString(1) + "." + rows.getString(2);
                    ObjectNode metrics = EventJson.mapper().createObjectNode();
                    metrics.put("seqScans", rows.getLong(3));
                    metrics.put("rowsReadBySeqScans", rows.getLong(4));
                    metrics.put("indexScans", rows.getLong(5));
                    metrics.put("liveRows", rows.getLong(6));
                    out.add(new HealthFinding(
                            "postgres.seq-scan",
                            resource(table),
                            teams.get(rows.getString(1)),
                            Severity.WARNING,
                            String.format(
                                    "%s (%d rows) was read by %d sequential scans (%d rows read) and %d index scans:"
                                            + " a query filters on columns without an index — find it with"
                                            + " a QUERY_REVIEW",
                                    table, rows.getLong(6), rows.getLong(3), rows.getLong(4), rows.getLong(5)),
                            metrics,
                            now));
                }
            }
        }
    }

    private void unusedIndexes(Connection c, Map<String, String> teams, Instant now, List<HealthFinding> out)
            throws SQLException {
        String sql = "SELECT s.schemaname, s.relname, s.indexrelname, pg_relation_size(s.indexrelid)"
                + " FROM pg_stat_user_indexes s JOIN pg_index i ON i.indexrelid = s.indexrelid"
                + " WHERE s.idx_scan = 0 AND NOT i.indisunique AND NOT i.indisprimary"
                + " AND pg_relation_size(s.indexrelid) >= 1048576 ORDER BY 4 DESC LIMIT 20";
        try (var statement = c.createStatement();
                var rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                String index = rows.getString(1) + "." + rows.getString(3);
                ObjectNode metrics = EventJson.mapper().createObjectNode();
                metrics.put("table", rows.getString(1) + "." + rows.getString(2));
                metrics.put("bytes", rows.getLong(4));
                out.add(new HealthFinding(
                        "postgres.unused-index",
                        resource(index),
                        teams.get(rows.getString(1)),
                        Severity.INFO,
                        String.format(
                                "index %s (%d kB) has not been scanned since statistics were reset: it slows every"
                                        + " write; drop it if no rare job needs it",
                                index, rows.getLong(4) / 1024),
                        metrics,
                        now));
            }
        }
    }

    private void duplicateIndexes(Connection c, Map<String, String> teams, Instant now, List<HealthFinding> out)
            throws SQLException {
        String sql = "SELECT n.nspname, t.relname, array_agg(ci.relname ORDER BY ci.relname)"
                + " FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid"
                + " JOIN pg_namespace n ON n.oid = t.relnamespace"
                + " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')"
                + " GROUP BY n.nspname, t.relname, i.indrelid, i.indkey::text, i.indclass::text,"
                + " coalesce(pg_get_expr(i.indexprs, i.indrelid), ''), coalesce(pg_get_expr(i.indpred, i.indrelid), '')"
                + " HAVING count(*) > 1";
        try (var statement = c.createStatement();
                var rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                String table = rows.getString(1) + "." + rows.getString(2);
                String[] names = (String[]) rows.getArray(3).getArray();
                ObjectNode metrics = EventJson.mapper().createObjectNode();
                var list = metrics.putArray("indexes");
                for (String name : names) {
                    list.add(name);
                }
                out.add(new HealthFinding(
                        "postgres.duplicate-index",
                        resource(table + "/" + String.join(",", names)),
                        teams.get(rows.getString(1)),
                        Severity.WARNING,
                        "indexes " + String.join(", ", names) + " on " + table
                                + " cover the same columns the same way: keep one (a unique one if any), drop the"
                                + " others",
                        metrics,
                        now));
            }
        }
    }

    private void bloat(Connection c, Map<String, String> teams, Instant now, List<HealthFinding> out)
            throws SQLException {
        // An estimate from dead tuples (what autovacuum has not reclaimed yet), not a page-level measurement.
        String sql = "SELECT schemaname, relname, n_live_tup, n_dead_tup, pg_total_relation_size(relid)"
                + " FROM pg_stat_user_tables WHERE n_dead_tup >= 10000"
                + " AND n_dead_tup::float8 / greatest(n_live_tup + n_dead_tup, 1) >= 0.2 ORDER BY n_dead_tup DESC"
                + " LIMIT 20";
        try (var statement = c.createStatement();
                var rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                String table = rows.getString(1) + "." + rows.getString(2);
                long live = rows.getLong(3);
                long dead = rows.getLong(4);
                double ratio = (double) dead / Math.max(1, live + dead);
                ObjectNode metrics = EventJson.mapper().createObjectNode();
                metrics.put("liveRows", live);
                metrics.put("deadRows", dead);
                metrics.put("deadRatio", Math.round(ratio * 1000) / 1000.0);
                metrics.put("totalBytes", rows.getLong(5));
                metrics.put("estimatedBloatBytes", Math.round(rows.getLong(5) * ratio));
                out.add(new HealthFinding(
                        "postgres.bloat",
                        resource(table),
                        teams.get(rows.getString(1)),
                        ratio >= 0.5 ? Severity.CRITICAL : Severity.WARNING,
                        String.format(
                                "%s is about %.0f %% dead rows (%d dead, %d live): autovacuum is not keeping up —"
                                        + " check long transactions and the table's autovacuum settings",
                                table, ratio * 100, dead, live),
                        metrics,
                        now));
            }
        }
    }

    private static String scalar(Connection c, String sql) throws SQLException {
        try (var statement = c.createStatement();
                var rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    private static String abbreviate(String query) {
        String flat = query.replaceAll("\\s+", " ").trim();
        return flat.length() > 160 ? flat.substring(0, 157) + "..." : flat;
    }
}
