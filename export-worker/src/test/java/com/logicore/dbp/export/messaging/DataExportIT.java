package com.logicore.dbp.export.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.events.payload.JobRequested;
import com.logicore.dbp.events.payload.JobStarted;
import com.logicore.dbp.export.exporting.ExportFaults;
import com.logicore.dbp.export.support.ExportJobs;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * DATA_EXPORT of the 150,000-row demo table deliveries.deliveries over the real broker and the real target database:
 * each format with the PII columns masked by the database, the masked role unable to read the raw table, unmasked
 * output only when the directives carry a data owner's approval.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DataExportIT {

    private static final int DEMO_ROWS = 150_000;
    private static final String RAW_PHONE = "\\+49 1\\d{9}";
    private static final String MASKED_PHONE = "\\+49 \\*\\*\\* \\*\\*\\* \\d\\d";
    private static final String HASH = "[0-9a-f]{64}";

    @Inject
    ExportFaults faults;

    private ExportJobs jobs;
    private String targetUrl;
    private Path store;

    @BeforeAll
    void connect() {
        jobs = new ExportJobs();
        targetUrl = ConfigProvider.getConfig().getValue("dbp.target.jdbc-url", String.class);
        store = Path.of(ConfigProvider.getConfig().getValue("dbp.export.store", String.class));
    }

    @AfterAll
    void close() {
        jobs.close();
    }

    @Test
    void maskedCsvGzipHasEveryRowAndNoRawPii() throws Exception {
        var job = export(Map.of("tables", List.of("deliveries"), "format", "CSV", "compression", "GZIP"), false);
        jobs.send(job);
        JsonNode result = jobs.succeeded(job).result();

        JsonNode manifest = result.get("manifest");
        Path file = exportFile(result);
        assertThat(result.get("file").asText()).matches("[0-9a-f]{32}\\.csv\\.gz");
        assertThat(manifest.get("rows").asLong()).isEqualTo(DEMO_ROWS);
        assertThat(manifest.get("requestId").asText()).isEqualTo(job.requestId());
        assertThat(manifest.get("expiresAt").asText()).isNotBlank();
        JsonNode entry = manifest.get("files").get(0);
        assertThat(entry.get("sha256").asText()).isEqualTo(sha256(file));
        assertThat(entry.get("bytes").asLong()).isEqualTo(Files.size(file));
        assertThat(maskedColumns(entry)).containsOnlyKeys("customer_name", "customer_phone", "customer_email");
        assertThat(Files.exists(store.resolve("exports")
                        .resolve(result.get("manifestFile").asText())))
                .isTrue();

        List<String> lines;
        try (var reader = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            lines = reader.lines().toList();
        }
        assertThat(lines).hasSize(DEMO_ROWS + 1);
        assertThat(lines.get(0)).startsWith("id,tracking_number,route_id,stop_id,customer_name,customer_phone");
        String[] first = lines.get(1).split(",", -1);
        assertThat(first[4]).isEqualTo("[REDACTED]");
        assertThat(first[5]).matches(MASKED_PHONE);
        assertThat(first[6]).matches(HASH);
        assertThat(lines).noneMatch(line -> line.matches(".*" + RAW_PHONE + ".*") || line.contains("@mail.example"));
        // progress was reported while rows streamed
        assertThat(jobs.statusEvents(job, EventType.JOB_PROGRESS)).isNotEmpty();
    }

    @Test
    void anExportKilledMidStreamRestartsCleanlyAndPublishesOneCompleteFile() throws Exception {
        faults.armAfterRows(60_000);
        var job = export(Map.of("tables", List.of("deliveries"), "format", "CSV"), false);
        jobs.send(job);
        JsonNode result = jobs.succeeded(job).result();

        // the job ran twice (the crash, then the redelivery) and published exactly one complete file
        assertThat(jobs.statusEvents(job, EventType.JOB_STARTED))
                .extracting(r -> EventJson.read(r.value(), JobStarted.class).worker())
                .containsExactly("export-worker", "export-worker");
        Path file = exportFile(result);
        try (var lines = Files.lines(file)) {
            assertThat(lines.count()).isEqualTo(DEMO_ROWS + 1);
        }
        assertThat(result.get("manifest").get("files").get(0).get("sha256").asText())
                .isEqualTo(sha256(file));
        try (var partials = Files.list(store.resolve(".partial"))) {
            assertThat(partials.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(job.requestId()));
        }
    }

    @Test
    void theMaskedRoleReadsTheViewsButNeverTheRawTable() throws Exception {
        var job = export(Map.of("tables", List.of("deliveries"), "format", "CSV", "filter", "id <= 10"), false);
        jobs.send(job);
        jobs.succeeded(job);

        try (var c = DriverManager.getConnection(targetUrl, "dbp_export_masked", "")) {
            assertThatThrownBy(
                            () -> c.createStatement().executeQuery("SELECT customer_phone FROM deliveries.deliveries"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> c.createStatement().executeQuery("SELECT salt FROM dbp_masking.salt"))
                    .hasMessageContaining("permission denied");
            var rs = c.createStatement()
                    .executeQuery("SELECT customer_phone, rolsuper FROM deliveries_masked.deliveries, pg_roles"
                            + " WHERE rolname = current_user AND customer_phone IS NOT NULL LIMIT 1");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).matches(MASKED_PHONE);
            assertThat(rs.getBoolean(2)).isFalse();
        }
    }

    @Test
    void jsonLinesAreTypedAndHashesJoinAcrossExports() throws Exception {
        var job = export(Map.of("tables", List.of("deliveries"), "format", "JSONL"), false);
        jobs.send(job);
        Path file = exportFile(jobs.succeeded(job).result());

        long rows = 0;
        JsonNode fortyOne = null;
        JsonNode fifty = null;
        try (var reader = Files.newBufferedReader(file)) {
            String line;
            while ((line = reader.readLine()) != null) {
                JsonNode row = EventJson.mapper().readTree(line);
                rows++;
                if (row.get("id").asLong() == 41) {
                    fortyOne = row;
                }
                if (row.get("id").asLong() == 50) {
                    fifty = row;
                }
            }
        }
        assertThat(rows).isEqualTo(DEMO_ROWS);
        assertThat(fortyOne.get("id").isIntegralNumber()).isTrue();
        assertThat(fortyOne.get("weight_kg").isNumber()).isTrue();
        assertThat(fortyOne.get("customer_phone").asText()).matches(MASKED_PHONE);
        assertThat(fortyOne.get("customer_email").asText()).matches(HASH);
        assertThat(OffsetDateTime.parse(fortyOne.get("created_at").asText())).isNotNull();
        assertThat(fortyOne.get("delivered_at").isTextual()).isTrue();
        // delivery 50 failed and has no phone: SQL NULL is JSON null, not a string
        assertThat(fifty.get("delivered_at").isNull()).isTrue();
        assertThat(fifty.get("customer_phone").isNull()).isTrue();

        // the same email hashes the same in a second export: joinable with the same salt
        var again = export(
                Map.of("query", "SELECT id, customer_email FROM deliveries WHERE id = 41", "format", "JSONL"), false);
        jobs.send(again);
        String line =
                Files.readString(exportFile(jobs.succeeded(again).result())).trim();
        assertThat(EventJson.mapper().readTree(line).get("customer_email").asText())
                .isEqualTo(fortyOne.get("customer_email").asText());
    }

    @Test
    void parquetHasTypedColumnsAndMaskedValues() throws Exception {
        var job = export(Map.of("tables", List.of("deliveries"), "format", "PARQUET"), false);
        jobs.send(job);
        JsonNode result = jobs.succeeded(job).result();
        Path file = exportFile(result);
        assertThat(result.get("file").asText()).endsWith(".parquet");

        long rows = 0;
        try (var reader = ParquetFileReader.open(
                new LocalInputFile(file),
                ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
            var schema = reader.getFooter().getFileMetaData().getSchema();
            assertThat(schema.getType("id")
                            .asPrimitiveType()
                            .getPrimitiveTypeName()
                            .name())
                    .isEqualTo("INT64");
            assertThat(schema.getType("weight_kg").getLogicalTypeAnnotation())
                    .isEqualTo(LogicalTypeAnnotation.decimalType(2, 6));
            assertThat(schema.getType("created_at").getLogicalTypeAnnotation())
                    .isEqualTo(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS));
            var pages = reader.readNextRowGroup();
            boolean first = true;
            while (pages != null) {
                var records = new ColumnIOFactory()
                        .getColumnIO(schema)
                        .getRecordReader(pages, new GroupRecordConverter(schema));
                for (long i = 0; i < pages.getRowCount(); i++) {
                    Group row = records.read();
                    if (first) {
                        assertThat(row.getLong("id", 0)).isEqualTo(1);
                        assertThat(row.getString("customer_phone", 0)).matches(MASKED_PHONE);
                        assertThat(row.getString("customer_name", 0)).isEqualTo("[REDACTED]");
                        first = false;
                    }
                    rows++;
                }
                pages = reader.readNextRowGroup();
            }
        }
        assertThat(rows).isEqualTo(DEMO_ROWS);
    }

    @Test
    void unmaskedNeedsTheOwnersApprovalAndRunsAsItsOwnRole() throws Exception {
        Map<String, Object> payload =
                Map.of("tables", List.of("deliveries"), "format", "CSV", "filter", "id <= 100", "unmasked", true);
        var refused = export(payload, false);
        jobs.send(refused);
        assertThat(jobs.failed(refused).error()).contains("data owner");

        var approved = export(payload, true);
        jobs.send(approved);
        JsonNode result = jobs.succeeded(approved).result();
        assertThat(result.get("manifest").get("unmasked").asBoolean()).isTrue();
        List<String> lines = Files.readAllLines(exportFile(result));
        assertThat(lines).hasSize(101);
        assertThat(lines.get(1).split(",")[5]).matches(RAW_PHONE);

        // the raw grant lasted for the job only
        try (var c = DriverManager.getConnection(targetUrl, "dbp_export_unmasked", "")) {
            assertThatThrownBy(() -> c.createStatement().executeQuery("SELECT 1 FROM deliveries.deliveries"))
                    .hasMessageContaining("permission denied");
        }
    }

    @Test
    void aQueryReachingPastTheViewsIsRefusedByTheDatabase() throws Exception {
        var job = export(Map.of("query", "SELECT customer_phone FROM deliveries.deliveries", "format", "CSV"), false);
        jobs.send(job);
        assertThat(jobs.failed(job).error()).contains("permission denied");
    }

    private JobRequested export(Map<String, Object> payload, boolean ownerApproved) {
        Map<String, Object> body = new HashMap<>(payload);
        body.putIfAbsent("purpose", "analytics: delivery times by postal code");
        Map<String, Object> directives = new HashMap<>();
        directives.put(
                "masking",
                List.of(
                        Map.of("table", "deliveries.deliveries", "column", "customer_name", "method", "REDACT"),
                        Map.of(
                                "table",
                                "deliveries.deliveries",
                                "column",
                                "customer_phone",
                                "method",
                                "PARTIAL",
                                "keep",
                                2),
                        Map.of("table", "deliveries.deliveries", "column", "customer_email", "method", "HASH")));
        directives.put("unmasked", ownerApproved);
        return ExportJobs.job(RequestType.DATA_EXPORT, "deliveries", "deliveries", body, directives);
    }

    private Path exportFile(JsonNode result) {
        return store.resolve("exports").resolve(result.get("file").asText());
    }

    private static Map<String, String> maskedColumns(JsonNode entry) {
        Map<String, String> masked = new HashMap<>();
        entry.get("columns").forEach(c -> {
            if (c.get("masked").asBoolean()) {
                masked.put(c.get("name").asText(), c.get("method").asText());
            }
        });
        return masked;
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            digest.update(in.readAllBytes());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
