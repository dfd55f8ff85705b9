package com.logicore.dbp.migration.messaging;

import static com.logicore.dbp.migration.support.WorkerHarness.migration;
import static com.logicore.dbp.migration.support.WorkerHarness.schemaChange;
import static org.assertj.core.api.Assertions.assertThat;

import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.events.payload.JobRequested;
import com.logicore.dbp.migration.support.WorkerHarness;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** ROLLBACK runs a SCHEMA_CHANGE's undo scripts newest first, as the team's role, and Flyway's history says so. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RollbackJobsIT {

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
    void undoesARequestsVersionsInReverseOrderAndTheyCanBeAppliedAgain() throws Exception {
        String schema = worker.freshSchemaOf("deliveries");
        var change = worker.send(schemaChange(
                "deliveries",
                schema,
                List.of(
                        migration(
                                "1",
                                "delivery attempts",
                                "CREATE TABLE attempts (parcel_id bigint REFERENCES parcels (id), attempted_at timestamptz NOT NULL);",
                                "DROP TABLE attempts;"),
                        migration(
                                "2",
                                "attempt outcome",
                                "ALTER TABLE attempts ADD COLUMN outcome text NOT NULL DEFAULT 'delivered';",
                                "ALTER TABLE attempts DROP COLUMN outcome;"))));
        worker.succeeded(change);

        var rollback = worker.send(rollbackOf(change, null));

        var done = worker.succeeded(rollback);
        assertThat(done.result().get("undoneVersions").toString()).isEqualTo("[\"2\",\"1\"]");
        assertThat(worker.scalar("SELECT to_regclass('" + schema + ".attempts')"))
                .isNull();
        assertThat(worker.history(schema))
                .containsExactly("0:BASELINE:true", "1:SQL:true", "2:SQL:true", "2:DELETE:true", "1:DELETE:true");
        assertThat(worker.events(rollback, EventType.JOB_PROGRESS)).isNotEmpty();

        // replayed: nothing is undone twice
        worker.replay(rollback);
        assertThat(worker.history(schema)).hasSize(5);
        // the undone versions can be applied again; a later version goes on top
        var reapplied = worker.send(schemaChange(
                "deliveries",
                schema,
                List.of(
                        migration(
                                "1",
                                "delivery attempts",
                                "CREATE TABLE attempts (parcel_id bigint REFERENCES parcels (id), attempted_at timestamptz NOT NULL);"),
                        migration("3", "attempt note", "ALTER TABLE attempts ADD COLUMN note text;"))));
        assertThat(worker.succeeded(reapplied).result().get("appliedVersions").toString())
                .isEqualTo("[\"1\",\"3\"]");
    }

    @Test
    void aRequestWithoutUndoScriptsIsRefusedBeforeAnythingRuns() throws Exception {
        String schema = worker.freshSchemaOf("fleet");
        var change = worker.send(schemaChange(
                "fleet",
                schema,
                List.of(
                        migration(
                                "1",
                                "service interval",
                                "ALTER TABLE parcels ADD COLUMN service_km int;",
                                "ALTER TABLE parcels DROP COLUMN service_km;"),
                        migration("2", "drop depot", "ALTER TABLE parcels DROP COLUMN depot;"))));
        worker.succeeded(change);

        var failed = worker.failed(worker.send(rollbackOf(change, null)));
        assertThat(failed.error()).contains("version(s) 2").contains("no undo script");
        assertThat(worker.history(schema)).containsExactly("0:BASELINE:true", "1:SQL:true", "2:SQL:true");

        // down to version 1 (exclusive) still needs version 2's undo
        var partial = worker.send(rollbackOf(change, "1"));
        assertThat(worker.failed(partial).error()).contains("no undo script");
    }

    @Test
    void aVersionUnderALaterRequestsVersionIsNotUndone() throws Exception {
        String schema = worker.freshSchemaOf("routing");
        var first = worker.send(schemaChange(
                "routing",
                schema,
                List.of(migration(
                        "1",
                        "eta",
                        "ALTER TABLE parcels ADD COLUMN eta timestamptz;",
                        "ALTER TABLE parcels DROP COLUMN eta;"))));
        worker.succeeded(first);
        var second = worker.send(schemaChange(
                "routing",
                schema,
                List.of(migration(
                        "2",
                        "eta index",
                        "CREATE INDEX parcels_eta_idx ON parcels (eta);",
                        "DROP INDEX parcels_eta_idx;"))));
        worker.succeeded(second);

        var failed = worker.failed(worker.send(rollbackOf(first, null)));
        assertThat(failed.error()).contains("version(s) 2 were applied").contains("roll those back first");
        assertThat(worker.scalar("SELECT count(*) FROM information_schema.columns WHERE table_schema = '" + schema
                        + "' AND column_name = 'eta'"))
                .isEqualTo("1");

        worker.succeeded(worker.send(rollbackOf(second, null)));
        worker.succeeded(worker.send(rollbackOf(first, null)));
        var again = worker.failed(worker.send(rollbackOf(first, null)));
        assertThat(again.error()).contains("already rolled back");
    }

    private static JobRequested rollbackOf(JobRequested change, String toVersion) {
        Map<String, Object> payload = new HashMap<>();
        payload.put("schemaChangeRequestId", change.requestId());
        if (toVersion != null) {
            payload.put("toVersion", toVersion);
        }
        return WorkerHarness.job(RequestType.ROLLBACK, change.team(), change.targetSchema(), payload, Map.of());
    }
}
