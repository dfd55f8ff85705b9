package com.logicore.dbp.monitoring.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.monitoring.config.MonitoringConfig;
import com.logicore.dbp.monitoring.dbhealth.TargetDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * QUERY_REVIEW: explains a team's SELECT on the target in a read-only transaction, reports what is slow in the plan,
 * and advises indexes. With HypoPG each advice is verified: the hypothetical index is created in this session only,
 * the query re-explained, and the advice kept only if the estimated cost falls by the configured factor. Without
 * HypoPG the advice is given unverified and marked so.
 */
@ApplicationScoped
public class QueryReviewer {

    private final TargetDatabase target;
    private final MonitoringConfig.Review config;

    public QueryReviewer(TargetDatabase target, MonitoringConfig config) {
        this.target = target;
        this.config = config.review();
    }

    /** The review as the JobSucceeded result. */
    public ObjectNode review(String schema, String sql) throws SQLException {
        String query = sql.strip().replaceAll(";\\s*$", "");
        ObjectNode result = EventJson.mapper().createObjectNode();
        try (Connection c = target.open()) {
            c.setAutoCommit(false);
            try {
                try (var set = c.prepareStatement("SELECT set_config('search_path', ?, true)")) {
                    set.setString(1, quoteIdent(schema) + ", public");
                    set.execute();
                }
                long workMem = scalarLong(c, "SELECT setting::bigint * 1024 FROM pg_settings WHERE name = 'work_mem'");
                PlanAnalysis before = PlanAnalysis.of(explain(c, query), config.misestimateFactor(), workMem);
                boolean hypopg = scalarLong(c, "SELECT count(*) FROM pg_extension WHERE extname = 'hypopg'") > 0;
                result.put("explainAnalyze", config.analyze());
                ObjectNode summary = result.putObject("plan");
                summary.put("totalCost", before.totalCost());
                summary.put("rows", before.planRows());
                summary.put("topNode", before.topNode());
                var nodes = summary.putArray("nodes");
                before.nodeTypes().forEach(nodes::add);
                ArrayNode findings = result.putArray("findings");
                ArrayNode advice = result.putArray("advice");
                result.put("hypopg", hypopg);
                if (!hypopg) {
                    result.put(
                            "hypopgNote",
                            "HypoPG is not installed in the target database: index advice is unverified. Install"
                                    + " postgresql-15-hypopg (deploy/local/install-pg-extensions.sh) and CREATE"
                                    + " EXTENSION hypopg to get verified advice with before/after costs");
                }
                for (var finding : before.findings()) {
                    findings.addObject().put("code", finding.code()).put("message", finding.message());
                }
                for (var scan : before.seqScans()) {
                    String scanSchema = scan.schema() != null ? scan.schema() : schema;
                    long tableRows = tableRows(c, scanSchema, scan.table());
                    if (tableRows < config.seqScanRows()) {
                        continue;
                    }
                    List<String> columns = existingColumns(c, scanSchema, scan.table(), scan.columns());
                    findings.addObject()
                            .put("code", "plan.seq-scan")
                            .put(
                                    "message",
                                    String.format(
                                            "sequential scan over %d rows of %s.%s%s",
                                            tableRows,
                                            scanSchema,
                                            scan.table(),
                                            columns.isEmpty()
                                                    ? " without a filter (every row is read)"
                                                    : " with a filter on " + String.join(", ", columns) + " ("
                                                            + scan.filter() + ")"));
                    if (!columns.isEmpty()) {
                        adviseIndex(c, query, before, scanSchema, scan.table(), columns, hypopg, workMem)
                                .ifPresent(advice::add);
                    }
                }
            } finally {
                c.rollback();
            }
        }
        return result;
    }

    private java.util.Optional<ObjectNode> adviseIndex(
            Connection c,
            String query,
            PlanAnalysis before,
            String schema,
            String table,
            List<String> columns,
            boolean hypopg,
            long workMem)
            throws SQLException {
        String quotedColumns = String.join(
                ", ", columns.stream().map(QueryReviewer::quoteIdent).toList());
        String ddl = "CREATE INDEX ON " + quoteIdent(schema) + "." + quoteIdent(table) + " (" + quotedColumns + ")";
        ObjectNode advice = EventJson.mapper().createObjectNode();
        advice.put("table", schema + "." + table);
        var cols = advice.putArray("columns");
        columns.forEach(cols::add);
        advice.put(
                "sql",
                "CREATE INDEX CONCURRENTLY ON " + quoteIdent(schema) + "." + quoteIdent(table) + " (" + quotedColumns
                        + ")");
        advice.put("costBefore", before.totalCost());
        if (hypopg) {
            try (var create = c.prepareStatement("SELECT indexrelid FROM hypopg_create_index(?)")) {
                create.setString(1, ddl);
                create.execute();
            }
            PlanAnalysis after = PlanAnalysis.of(explain(c, query), config.misestimateFactor(), workMem);
            try (var reset = c.createStatement()) {
                reset.execute("SELECT hypopg_reset()");
            }
            double factor = before.totalCost() / Math.max(0.01, after.totalCost());
            advice.put("costAfter", after.totalCost());
            advice.put("factor", Math.round(factor * 10) / 10.0);
            advice.put("verified", true);
            if (factor < config.minCostFactor()) {
                return java.util.Optional.empty();
            }
            advice.put(
                    "message",
                    String.format(
                            "an index on %s.%s (%s) cuts the estimated cost from %.0f to %.0f (%.1fx), verified with"
                                    + " a HypoPG hypothetical index",
                            schema, table, String.join(", ", columns), before.totalCost(), after.totalCost(), factor));
        } else {
            advice.put("verified", false);
            advice.put(
                    "message",
                    "UNVERIFIED: an index on " + schema + "." + table + " (" + String.join(", ", columns)
                            + ") would let PostgreSQL avoid the sequential scan; HypoPG is not available to verify"
                            + " the cost");
        }
        ObjectNode request = advice.putObject("createIndexRequest");
        request.put("type", "CREATE_INDEX");
        request.putObject("target").put("database", target.database()).put("schema", schema);
        ObjectNode payload = request.putObject("payload");
        payload.put("table", table);
        var payloadColumns = payload.putArray("columns");
        columns.forEach(payloadColumns::add);
        payload.put("unique", false);
        payload.put("method", "btree");
        return java.util.Optional.of(advice);
    }

    private JsonNode explain(Connection c, String query) throws SQLException {
        String options = config.analyze() ? "ANALYZE, BUFFERS, FORMAT JSON" : "FORMAT JSON";
        // a prepared statement: the extended protocol refuses a second statement smuggled after the SELECT
        try (var explain = c.prepareStatement("EXPLAIN (" + options + ") " + query);
                var rows = explain.executeQuery()) {
            rows.next();
            return EventJson.read(rows.getString(1).getBytes(StandardCharsets.UTF_8), JsonNode.class);
        }
    }

    private static long tableRows(Connection c, String schema, String table) throws SQLException {
        try (var statement = c.prepareStatement("SELECT CASE WHEN c.reltuples >= 0 THEN c.reltuples::bigint"
                + " ELSE coalesce(s.n_live_tup, 0) END FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid WHERE n.nspname = ? AND c.relname = ?")) {
            statement.setString(1, schema);
            statement.setString(2, table);
            try (var rows = statement.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        }
    }

    private static List<String> existingColumns(Connection c, String schema, String table, List<String> candidates)
            throws SQLException {
        try (var statement = c.prepareStatement("SELECT a.attname FROM pg_attribute a JOIN pg_class c ON c.oid ="
                + " a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?"
                + " AND a.attnum > 0 AND NOT a.attisdropped")) {
            statement.setString(1, schema);
            statement.setString(2, table);
            java.util.Set<String> existing = new java.util.HashSet<>();
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    existing.add(rows.getString(1));
                }
            }
            return candidates.stream().filter(existing::contains).toList();
        }
    }

    private static long scalarLong(Connection c, String sql) throws SQLException {
        try (var statement = c.createStatement();
                var rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    static String quoteIdent(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
