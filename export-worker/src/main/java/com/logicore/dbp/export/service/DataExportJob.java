package com.logicore.dbp.export.service;

import static com.logicore.dbp.export.masking.MaskingViewGenerator.maskedSchema;
import static com.logicore.dbp.export.masking.MaskingViewGenerator.quote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.payload.JobRequested;
import com.logicore.dbp.events.request.DataExportPayload;
import com.logicore.dbp.export.config.ExportConfig;
import com.logicore.dbp.export.exporting.CopyExporter;
import com.logicore.dbp.export.exporting.ExportFaults;
import com.logicore.dbp.export.exporting.ExportFormat;
import com.logicore.dbp.export.exporting.ExportedColumn;
import com.logicore.dbp.export.exporting.ExportedFile;
import com.logicore.dbp.export.masking.ExportRoles;
import com.logicore.dbp.export.masking.MaskingRule;
import com.logicore.dbp.export.store.ExportStore;
import com.logicore.dbp.jobs.JobFailure;
import com.logicore.dbp.jobs.JobOutcome;
import com.logicore.dbp.jobs.JobRecorder;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * DATA_EXPORT: reads through the masking views as the masked export role (or, when a data owner approved it, the raw
 * tables as the separate unmasked role), streams each source with COPY in a READ ONLY transaction into the store,
 * and publishes the files and their manifest only when all are complete.
 */
@ApplicationScoped
public class DataExportJob {

    private final ExportConfig config;
    private final ExportRoles roles;
    private final ExportStore store;
    private final JobRecorder recorder;
    private final ExportFaults faults;

    public DataExportJob(
            ExportConfig config, ExportRoles roles, ExportStore store, JobRecorder recorder, ExportFaults faults) {
        this.config = config;
        this.roles = roles;
        this.store = store;
        this.recorder = recorder;
        this.faults = faults;
    }

    /** One SELECT to export, and the masking of its columns (column name to method) for the manifest. */
    private record Source(String name, String select, Map<String, String> masking) {}

    public JobOutcome run(JobRequested job) throws Exception {
        DataExportPayload payload = EventJson.mapper().convertValue(job.payload(), DataExportPayload.class);
        JsonNode directives = job.directives();
        boolean unmasked = payload.unmasked();
        if (unmasked && !directives.path("unmasked").asBoolean(false)) {
            throw new JobFailure(
                    "an unmasked export needs a data owner's approval, which this job does not carry", false);
        }
        ExportFormat format;
        List<MaskingRule> rules;
        try {
            format = ExportFormat.of(payload.format(), payload.compression());
            rules = MaskingRule.fromDirectives(directives, job.targetSchema());
        } catch (IllegalArgumentException e) {
            throw new JobFailure(e.getMessage(), false);
        }
        String schema = job.targetSchema();
        Long rowLimit =
                directives.hasNonNull("rowLimit") ? directives.get("rowLimit").asLong() : null;
        boolean byTables = payload.tables() != null && !payload.tables().isEmpty();
        Set<String> rawTables = new LinkedHashSet<>();
        List<Source> sources = new ArrayList<>();
        if (byTables) {
            prepareTables(schema, payload.tables(), rules, unmasked, rawTables);
            for (String table : payload.tables()) {
                sources.add(tableSource(schema, table, payload, rules, unmasked, rowLimit));
            }
        } else {
            prepareQuery(schema, rules, unmasked, rawTables);
            sources.add(new Source(
                    "query", "SELECT * FROM (" + payload.query() + ") q" + limit(rowLimit), maskingOf(rules, schema)));
        }
        try {
            return export(job, payload, format, sources, unmasked, rules);
        } finally {
            if (!rawTables.isEmpty()) {
                roles.revokeRaw(schema, rawTables);
            }
        }
    }

    private void prepareTables(
            String schema, List<String> tables, List<MaskingRule> rules, boolean unmasked, Set<String> rawTables)
            throws SQLException {
        if (unmasked) {
            rawTables.addAll(tables);
            roles.grantRaw(schema, rawTables);
        } else {
            roles.refreshMaskingViews(schema, tables, rules);
        }
    }

    // A query reads unqualified names from the masking schema; tables the catalog knows get their views refreshed.
    private void prepareQuery(String schema, List<MaskingRule> rules, boolean unmasked, Set<String> rawTables)
            throws SQLException {
        if (unmasked) {
            rawTables.addAll(roles.tablesOf(schema));
            roles.grantRaw(schema, rawTables);
        } else {
            Set<String> catalogued = rules.stream()
                    .filter(r -> r.schema().equals(schema))
                    .map(MaskingRule::table)
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            roles.refreshMaskingViews(schema, catalogued, rules);
        }
    }

    private static Source tableSource(
            String schema,
            String table,
            DataExportPayload payload,
            List<MaskingRule> rules,
            boolean unmasked,
            Long rowLimit) {
        String relation = quote(unmasked ? schema : maskedSchema(schema)) + "." + quote(table);
        String columns = payload.columns() == null || payload.columns().isEmpty()
                ? "*"
                : payload.columns().stream().map(c -> quote(c)).collect(Collectors.joining(", "));
        String where =
                payload.filter() == null || payload.filter().isBlank() ? "" : " WHERE (" + payload.filter() + ")";
        Map<String, String> masking = unmasked
                ? Map.of()
                : rules.stream()
                        .filter(r -> r.schema().equals(schema) && r.table().equals(table))
                        .collect(Collectors.toMap(
                                MaskingRule::column, r -> r.method().name(), (a, b) -> a));
        return new Source(table, "SELECT " + columns + " FROM " + relation + where + limit(rowLimit), masking);
    }

    private static Map<String, String> maskingOf(List<MaskingRule> rules, String schema) {
        return rules.stream()
                .filter(r -> r.schema().equals(schema))
                .collect(Collectors.toMap(MaskingRule::column, r -> r.method().name(), (a, b) -> a));
    }

    private static String limit(Long rowLimit) {
        return rowLimit == null || rowLimit <= 0 ? "" : " LIMIT " + rowLimit;
    }

    private JobOutcome export(
            JobRequested job,
            DataExportPayload payload,
            ExportFormat format,
            List<Source> sources,
            boolean unmasked,
            List<MaskingRule> rules)
            throws Exception {
        String id = job.requestId();
        // A redelivered job starts over: whatever an interrupted attempt half-wrote is discarded.
        store.discardPartials(id);
        List<ExportedFile> files = new ArrayList<>();
        long started = System.currentTimeMillis();
        try (Connection c = exportConnection(unmasked, job.targetSchema())) {
            ProgressReporter progress = new ProgressReporter(recorder, job, config.progressInterval(), 0);
            long before = 0;
            for (int i = 0; i < sources.size(); i++) {
                Source source = sources.get(i);
                List<ExportedColumn> columns;
                long estimate;
                try {
                    columns = CopyExporter.columns(c, source.select(), unmasked ? Map.of() : source.masking());
                    estimate = CopyExporter.estimateRows(c, source.select());
                } catch (SQLException e) {
                    throw refused(e, unmasked);
                }
                progress.estimate(before + estimate);
                long offset = before;
                Path temp = store.partial(id, "file-" + i);
                try {
                    files.add(CopyExporter.export(c, source.select(), format, columns, temp, rows -> {
                        faults.rowsWritten(offset + rows);
                        progress.report(offset + rows, "rows");
                    }));
                } catch (SQLException e) {
                    throw refused(e, unmasked);
                }
                before += files.get(i).rows();
                Log.infof(
                        "export source done requestId=%s source=%s rows=%d bytes=%d",
                        id, source.name(), files.get(i).rows(), files.get(i).bytes());
            }
            c.commit();
        }
        return publish(job, payload, format, sources, files, unmasked, rules, System.currentTimeMillis() - started);
    }

    /** A connection as the export role, in a READ ONLY transaction with a statement timeout, UTC and ISO dates. */
    private Connection exportConnection(boolean unmasked, String schema) throws SQLException {
        var target = config.target();
        Connection c = DriverManager.getConnection(
                target.jdbcUrl(),
                unmasked ? target.unmaskedRole() : target.maskedRole(),
                target.exportPassword().orElse(null));
        try (var s = c.createStatement()) {
            s.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
            s.execute("SET statement_timeout = " + config.statementTimeout().toMillis());
            s.execute("SET idle_in_transaction_session_timeout = '5min'");
            s.execute("SET TimeZone = 'UTC'");
            s.execute("SET DateStyle = 'ISO, YMD'");
            s.execute("SET search_path = " + quote(unmasked ? schema : maskedSchema(schema)));
        }
        c.setAutoCommit(false);
        return c;
    }

    private static JobFailure refused(SQLException e, boolean unmasked) {
        // 42501 insufficient_privilege, 42P01 undefined_table, 42703 undefined_column, 42601 syntax: the request is
        // wrong or reaches past the masking views; running it again will not help.
        boolean userError = e.getSQLState() != null && e.getSQLState().startsWith("42");
        String hint =
                !unmasked && "42501".equals(e.getSQLState()) ? " (masked exports read only the masking views)" : "";
        return new JobFailure(e.getSQLState() + ": " + e.getMessage() + hint, !userError, e);
    }

    private JobOutcome publish(
            JobRequested job,
            DataExportPayload payload,
            ExportFormat format,
            List<Source> sources,
            List<ExportedFile> files,
            boolean unmasked,
            List<MaskingRule> rules,
            long durationMillis)
            throws Exception {
        String id = job.requestId();
        Path exports = store.area("exports");
        Instant created = Instant.now();
        ObjectNode manifest = EventJson.mapper().createObjectNode();
        manifest.put("requestId", id);
        manifest.put("team", job.team());
        manifest.put("source", job.targetDatabase() + "/" + job.targetSchema());
        manifest.put("format", payload.format().name());
        manifest.put("compression", format.gzip() ? "GZIP" : "NONE");
        manifest.put("unmasked", unmasked);
        manifest.put("createdAt", created.toString());
        manifest.put("expiresAt", created.plus(config.expiry()).toString());
        ArrayNode entries = manifest.putArray("files");
        long rows = 0;
        long bytes = 0;
        for (int i = 0; i < files.size(); i++) {
            ExportedFile file = files.get(i);
            String name = store.secretName(id, "file-" + i) + format.extension();
            ObjectNode entry = entries.addObject();
            entry.put("name", name);
            entry.put("source", sources.get(i).name());
            entry.put("rows", file.rows());
            entry.put("bytes", file.bytes());
            entry.put("sha256", file.sha256());
            ArrayNode columns = entry.putArray("columns");
            for (ExportedColumn column : file.columns()) {
                ObjectNode col = columns.addObject();
                col.put("name", column.name());
                col.put("type", column.type());
                col.put("masked", column.masking() != null);
                if (column.masking() != null) {
                    col.put("method", column.masking());
                }
            }
            rows += file.rows();
            bytes += file.bytes();
            ExportStore.publish(file.temp(), exports.resolve(name));
        }
        manifest.put("rows", rows);
        manifest.put("bytes", bytes);
        ArrayNode applied = manifest.putArray("maskingRules");
        if (!unmasked) {
            rules.forEach(r -> applied.addObject()
                    .put("table", r.qualifiedTable())
                    .put("column", r.column())
                    .put("method", r.method().name()));
        }
        // The manifest is published last: its presence says every file it lists is complete.
        String manifestName = store.secretName(id, "manifest") + ".manifest.json";
        Path temp = store.partial(id, "manifest");
        Files.write(temp, EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
        ExportStore.publish(temp, exports.resolve(manifestName));

        ObjectNode result = EventJson.mapper().createObjectNode();
        result.put("file", entries.get(0).path("name").asText());
        result.put("manifestFile", manifestName);
        result.set("manifest", manifest);
        String summary = String.format(
                "exported %,d rows (%s%s, %,d bytes, %s) in %d ms",
                rows,
                payload.format(),
                format.gzip() ? " gzip" : "",
                bytes,
                unmasked ? "UNMASKED, approved by a data owner" : "PII masked",
                durationMillis);
        return new JobOutcome(summary, result);
    }
}
