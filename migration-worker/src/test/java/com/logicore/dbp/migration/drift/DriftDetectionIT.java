package com.logicore.dbp.migration.drift;

import static com.logicore.dbp.migration.support.WorkerHarness.migration;
import static com.logicore.dbp.migration.support.WorkerHarness.schemaChange;
import static org.assertj.core.api.Assertions.assertThat;

import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.events.payload.HealthFinding;
import com.logicore.dbp.migration.service.DriftWatch;
import com.logicore.dbp.migration.support.WorkerHarness;
import com.logicore.dbp.testkit.kafka.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Schemas changed through jobs, then by hand as the superuser behind the platform's back: the drift check names each
 * difference once on {@code dbp.health}, says so again when the schema is put back, and stays silent about schemas
 * nobody touched.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DriftDetectionIT {

    @Inject
    DriftWatch drift;

    private WorkerHarness worker;

    @BeforeAll
    void connect() {
        worker = new WorkerHarness();
    }

    @AfterAll
    void close() {
        worker.close();
    }

    @Test
    void aHandMadeChangeIsReportedOnceWithEachDifferenceAndAgainWhenItIsUndone() throws Exception {
        String schema = worker.freshSchemaOf("routing");
        var change = worker.send(schemaChange(
                "routing",
                schema,
                List.of(migration(
                        "1",
                        "stops",
                        "CREATE TABLE stops (id bigint PRIMARY KEY, parcel_id bigint NOT NULL REFERENCES parcels (id),"
                                + " eta timestamptz, status text NOT NULL DEFAULT 'planned');"))));
        assertThat(worker.outcome(change).path("summary").isMissingNode())
                .as(worker.outcome(change).toString())
                .isFalse();
        String untouched = worker.freshSchemaOf("routing");
        var index = worker.send(WorkerHarness.job(
                RequestType.CREATE_INDEX,
                "routing",
                untouched,
                Map.of("table", "parcels", "columns", List.of("depot")),
                Map.of()));
        assertThat(worker.outcome(index).path("summary").asText()).contains("built");

        // a DBA fixes something by hand, behind the platform's back
        try (var dba = worker.superuser()) {
            dba.createStatement()
                    .execute("CREATE INDEX stops_eta_idx ON " + schema + ".stops (eta);"
                            + "ALTER TABLE " + schema + ".stops ALTER COLUMN eta TYPE text;"
                            + "ALTER TABLE " + schema + ".stops ALTER COLUMN status DROP DEFAULT;"
                            + "ALTER TABLE " + schema + ".parcels ADD CONSTRAINT parcels_weight_positive"
                            + " CHECK (weight_kg > 0)");
        }
        drift.checkNow();
        drift.checkNow(); // the same drift again: nothing new to announce

        String resource = "postgres:logicore/" + schema;
        var found = finding(worker.kafka().await("dbp.health", r -> resource.equals(r.key()), WorkerHarness.WAIT));
        assertThat(found.kind()).isEqualTo("postgres.schema-drift");
        assertThat(found.team()).isEqualTo("routing");
        assertThat(found.severity()).isEqualTo(HealthFinding.Severity.WARNING);
        assertThat(differences(found))
                .containsExactly(
                        "column " + schema + ".stops.eta type changed from timestamp with time zone to text",
                        "column " + schema + ".stops.status default changed from 'planned'::text to none",
                        "index " + schema + ".stops_eta_idx created outside the platform",
                        "constraint parcels_weight_positive on " + schema + ".parcels added outside the platform:"
                                + " CHECK ((weight_kg > (0)::numeric))");
        assertThat(found.message()).contains(change.requestId());

        // put back by hand: one all-clear, then silence
        try (var dba = worker.superuser()) {
            dba.createStatement()
                    .execute("DROP INDEX " + schema + ".stops_eta_idx;"
                            + "ALTER TABLE " + schema
                            + ".stops ALTER COLUMN eta TYPE timestamptz USING eta::timestamptz;"
                            + "ALTER TABLE " + schema + ".stops ALTER COLUMN status SET DEFAULT 'planned';"
                            + "ALTER TABLE " + schema + ".parcels DROP CONSTRAINT parcels_weight_positive");
        }
        drift.checkNow();
        drift.checkNow();
        var records = worker.kafka().awaitAll("dbp.health", r -> resource.equals(r.key()), 2, WorkerHarness.WAIT);
        var cleared = finding(records.get(1));
        assertThat(cleared.severity()).isEqualTo(HealthFinding.Severity.INFO);
        assertThat(cleared.message()).contains("matches its last platform change again");
        assertThat(differences(cleared)).isEmpty();

        assertThat(worker.kafka().readToEnd("dbp.health", r -> resource.equals(r.key())))
                .as("one finding per drift state")
                .hasSize(2);
        assertThat(worker.kafka().readToEnd("dbp.health", r -> ("postgres:logicore/" + untouched).equals(r.key())))
                .as("a schema changed only through the platform has no finding")
                .isEmpty();
    }

    @Test
    void aChangeThroughThePlatformIsTheNewReferenceNotDrift() throws Exception {
        String schema = worker.freshSchemaOf("fleet");
        var first = worker.send(schemaChange(
                "fleet", schema, List.of(migration("1", "note", "ALTER TABLE parcels ADD COLUMN note text;"))));
        worker.outcome(first);
        var second = worker.send(schemaChange(
                "fleet",
                schema,
                List.of(migration(
                        "2", "note defaults to empty", "ALTER TABLE parcels ALTER COLUMN note SET DEFAULT '';"))));
        assertThat(worker.outcome(second).path("summary").isMissingNode())
                .as(worker.outcome(second).toString())
                .isFalse();

        drift.checkNow();
        // a later hand-made change shows that the check did run over this schema
        try (var dba = worker.superuser()) {
            dba.createStatement().execute("CREATE INDEX parcels_note_idx ON " + schema + ".parcels (note)");
        }
        drift.checkNow();
        String resource = "postgres:logicore/" + schema;
        var found = finding(worker.kafka().await("dbp.health", r -> resource.equals(r.key()), WorkerHarness.WAIT));
        // against the first change's snapshot, the new default would be a difference too
        assertThat(differences(found))
                .containsExactly("index " + schema + ".parcels_note_idx created outside the platform");
        assertThat(worker.kafka().readToEnd("dbp.health", r -> resource.equals(r.key())))
                .hasSize(1);
    }

    private static HealthFinding finding(ConsumerRecord<String, byte[]> record) {
        assertThat(KafkaTestClient.header(record, "ce_type")).isEqualTo(EventType.HEALTH_FINDING.ceType());
        return EventJson.read(record.value(), HealthFinding.class);
    }

    private static List<String> differences(HealthFinding finding) {
        List<String> differences = new ArrayList<>();
        finding.metrics().path("differences").forEach(d -> differences.add(d.asText()));
        return differences;
    }
}
