package com.logicore.dbp.export.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.events.payload.ExportPurged;
import com.logicore.dbp.export.service.ExportPurgeSchedule;
import com.logicore.dbp.export.support.ExportJobs;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An export past its expiry is purged by the scheduled job: its file and manifest leave the store and an
 * ExportPurged event on {@code dbp.job-status} tells the request; an export not yet expired stays untouched.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportPurgeIT {

    @Inject
    ExportPurgeSchedule purge;

    private ExportJobs jobs;
    private Path exports;

    @BeforeAll
    void connect() {
        jobs = new ExportJobs();
        exports = Path.of(ConfigProvider.getConfig().getValue("dbp.export.store", String.class))
                .resolve("exports");
    }

    @AfterAll
    void close() {
        jobs.close();
    }

    @Test
    void anExpiredExportIsPurgedAndTheRequestIsToldWhileACurrentOneStays() throws Exception {
        var expiring = smallExport();
        var current = smallExport();
        jobs.send(expiring);
        jobs.send(current);
        var expiringResult = jobs.succeeded(expiring).result();
        var currentResult = jobs.succeeded(current).result();
        Path expiringFile = exports.resolve(expiringResult.get("file").asText());
        Path expiringManifest =
                exports.resolve(expiringResult.get("manifestFile").asText());
        Path currentFile = exports.resolve(currentResult.get("file").asText());
        assertThat(expiringFile).exists();

        // the export's time has come: its manifest says it expired a minute ago
        Instant expiredAt = Instant.now().minusSeconds(60);
        ObjectNode manifest = (ObjectNode) EventJson.mapper().readTree(expiringManifest.toFile());
        manifest.put("expiresAt", expiredAt.toString());
        Files.writeString(expiringManifest, manifest.toString());

        purge.purge();

        assertThat(expiringFile).doesNotExist();
        assertThat(expiringManifest).doesNotExist();
        assertThat(currentFile).exists();
        // the outbox relay publishes it shortly after the purge committed it
        var purged = await().atMost(Duration.ofSeconds(30))
                .until(() -> jobs.statusEvents(expiring, EventType.EXPORT_PURGED), events -> !events.isEmpty());
        assertThat(purged).hasSize(1);
        var event = EventJson.read(purged.get(0).value(), ExportPurged.class);
        assertThat(event.requestId()).isEqualTo(expiring.requestId());
        assertThat(event.files()).isEqualTo(1);
        assertThat(event.expiredAt()).isEqualTo(Instant.parse(expiredAt.toString()));
        assertThat(jobs.statusEvents(current, EventType.EXPORT_PURGED)).isEmpty();

        // a second round finds nothing more to purge or announce
        purge.purge();
        assertThat(jobs.statusEvents(expiring, EventType.EXPORT_PURGED)).hasSize(1);
    }

    private static com.logicore.dbp.events.payload.JobRequested smallExport() {
        return ExportJobs.job(
                RequestType.DATA_EXPORT,
                "deliveries",
                "deliveries",
                Map.of(
                        "tables",
                        List.of("deliveries"),
                        "format",
                        "CSV",
                        "filter",
                        "id <= 5",
                        "purpose",
                        "analytics: a handful of rows"),
                Map.of(
                        "masking",
                        List.of(Map.of(
                                "table", "deliveries.deliveries", "column", "customer_name", "method", "REDACT"))));
    }
}
