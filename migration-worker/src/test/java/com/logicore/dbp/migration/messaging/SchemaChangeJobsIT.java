package com.logicore.dbp.migration.messaging;

import static com.logicore.dbp.migration.support.WorkerHarness.migration;
import static com.logicore.dbp.migration.support.WorkerHarness.schemaChange;
import static org.assertj.core.api.Assertions.assertThat;

import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.events.payload.JobProgress;
import com.logicore.dbp.events.payload.JobStarted;
import com.logicore.dbp.migration.support.WorkerHarness;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** SCHEMA_CHANGE on the real target database, as the team's own role, through the real broker. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchemaChangeJobsIT {

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
    void twoVersionsAreAppliedInOrderRecordedInTheSchemaHistoryAndNeverTwice() throws Exception {
        String schema = worker.freshSchemaOf("routing");
        var job = worker.send(schemaChange(
                "routing",
                schema,
                List.of(
                        migration(
                                "1",
                                "parcel weight class",
                                "ALTER TABLE parcels ADD COLUMN weight_class text;"
                                        + "\nUPDATE parcels SET weight_class = CASE WHEN weight_kg < 5 THEN 'S' ELSE 'L' END;"),
                        migration(
                                "2",
                                "index on weight class",
                                "CREATE INDEX parcels_weight_class_idx ON parcels (weight_class);"))));

        var succeeded = worker.succeeded(job);
        assertThat(succeeded.result().get("appliedVersions").toString()).isEqualTo("[\"1\",\"2\"]");
        assertThat(succeeded.result().get("tookMillis").asLong()).isNotNegative();
        assertThat(worker.history(schema)).containsExactly("0:BASELINE:true", "1:SQL:true", "2:SQL:true");
        assertThat(worker.scalar("SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = '" + schema
                        + ".parcels_weight_class_idx'::regclass"))
                .isEqualTo("team_routing");
        // the timeline names the worker that ran it (dbp.jobs.worker, by default the application's name)
        assertThat(worker.events(job, EventType.JOB_STARTED))
                .extracting(r -> EventJson.read(r.value(), JobStarted.class).worker())
                .containsExactly("migration-worker");
        var progress = worker.events(job, EventType.JOB_PROGRESS).stream()
                .map(r -> EventJson.read(r.value(), JobProgress.class))
                .toList();
        assertThat(progress)
                .extracting(JobProgress::detail)
                .contains(
                        "migration 1 of 2 (version 1), statement 2 of 2",
                        "migration 2 of 2 (version 2), statement 1 of 1");
        assertThat(progress.get(progress.size() - 1).percent()).isEqualTo(100);

        // redelivered: the worker recognises the request and applies nothing again
        worker.replay(job);
        assertThat(worker.events(job, EventType.JOB_STARTED)).hasSize(1);
        // a new request carrying the same versions: validated, skipped, nothing applied twice
        var again = worker.send(schemaChange(
                "routing",
                schema,
                List.of(migration(
                        "2",
                        "index on weight class",
                        "CREATE INDEX parcels_weight_class_idx ON parcels (weight_class);"))));
        assertThat(worker.succeeded(again)
                        .result()
                        .get("alreadyAppliedVersions")
                        .toString())
                .isEqualTo("[\"2\"]");
        assertThat(worker.history(schema)).hasSize(3);
    }

    @Test
    void anEditedAppliedMigrationFailsValidationNamingItsVersion() throws Exception {
        String schema = worker.freshSchemaOf("fleet");
        worker.succeeded(worker.send(schemaChange(
                "fleet",
                schema,
                List.of(migration("1", "depot code", "ALTER TABLE parcels ADD COLUMN depot_code char(3);")))));

        var edited = worker.send(schemaChange(
                "fleet",
                schema,
                List.of(
                        migration("1", "depot code", "ALTER TABLE parcels ADD COLUMN depot_code varchar(5);"),
                        migration("2", "more", "ALTER TABLE parcels ADD COLUMN note text;"))));

        var failed = worker.failed(edited);
        assertThat(failed.error()).contains("checksum mismatch for migration version 1");
        assertThat(failed.retryable()).isFalse();
        assertThat(worker.history(schema)).containsExactly("0:BASELINE:true", "1:SQL:true");
    }

    @Test
    void anOlderVersionIsRefusedUnlessPolicyAllowsOutOfOrder() throws Exception {
        String schema = worker.freshSchemaOf("fleet");
        worker.succeeded(worker.send(schemaChange(
                "fleet",
                schema,
                List.of(
                        migration("1", "a", "ALTER TABLE parcels ADD COLUMN a int;"),
                        migration("3", "c", "ALTER TABLE parcels ADD COLUMN c int;")))));

        var late = worker.send(
                schemaChange("fleet", schema, List.of(migration("2", "b", "ALTER TABLE parcels ADD COLUMN b int;"))));
        assertThat(worker.failed(late).error())
                .contains("version(s) 2 are older than schema " + schema + "'s current version")
                .contains("allowOutOfOrder");

        var allowed = worker.send(WorkerHarness.job(
                RequestType.SCHEMA_CHANGE,
                "fleet",
                schema,
                Map.of("migrations", List.of(migration("2", "b", "ALTER TABLE parcels ADD COLUMN b int;"))),
                Map.of("allowOutOfOrder", true)));
        assertThat(worker.succeeded(allowed).result().get("appliedVersions").toString())
                .isEqualTo("[\"2\"]");
    }

    @Test
    void aMigrationFailingHalfwayNamesTheStatementAndIsRolledBack() throws Exception {
        String schema = worker.freshSchemaOf("deliveries");
        var job = worker.send(schemaChange(
                "deliveries",
                schema,
                List.of(migration(
                        "1",
                        "positive weights",
                        "ALTER TABLE parcels ADD COLUMN checked boolean;\n"
                                + "ALTER TABLE parcels ADD CONSTRAINT parcels_weight_positive CHECK (weight_kg > 1);\n"
                                + "UPDATE parcels SET checked = true;"))));

        var failed = worker.failed(job);
        assertThat(failed.error())
                .contains("version 1 (positive weights), statement 2 of 3 failed")
                .contains("SQLSTATE 23514")
                .contains("was rolled back");
        assertThat(worker.scalar("SELECT count(*) FROM information_schema.columns WHERE table_schema = '" + schema
                        + "' AND column_name = 'checked'"))
                .isEqualTo("0");
    }

    @Test
    void aBlockedMigrationRetriesThenFailsNamingTheBlocker() throws Exception {
        String schema = worker.freshSchemaOf("routing");
        try (Connection blocker = worker.superuser()) {
            blocker.setAutoCommit(false);
            blocker.createStatement().execute("SET application_name = 'nightly-report'");
            blocker.createStatement().execute("LOCK TABLE " + schema + ".parcels IN ACCESS SHARE MODE");
            int blockerPid = Integer.parseInt(
                    worker.scalar("SELECT pid FROM pg_stat_activity WHERE application_name = 'nightly-report'"));

            var job = worker.send(WorkerHarness.job(
                    RequestType.SCHEMA_CHANGE,
                    "routing",
                    schema,
                    Map.of(
                            "migrations",
                            List.of(migration(
                                    "1", "rename", "ALTER TABLE parcels RENAME COLUMN depot TO depot_code;"))),
                    Map.of("lockTimeout", "400ms")));

            var failed = worker.failed(job);
            assertThat(failed.error())
                    .contains("SQLSTATE 55P03")
                    .contains("gave up after 2 attempt(s)")
                    .contains("blocked by pid " + blockerPid)
                    .contains("LOCK TABLE " + schema + ".parcels");
            assertThat(failed.retryable()).isTrue();
            blocker.rollback();
        }
        assertThat(worker.history(schema)).containsExactly("0:BASELINE:true");
    }

    @Test
    void concurrentIndexesRunOutsideATransactionAndAFailedOneLeavesNoInvalidIndex() throws Exception {
        String schema = worker.freshSchemaOf("routing");
        var built = worker.send(schemaChange(
                "routing",
                schema,
                List.of(migration(
                        "1",
                        "depot index",
                        "ALTER TABLE parcels ADD COLUMN received_at timestamptz;\n"
                                + "CREATE INDEX CONCURRENTLY parcels_depot_idx ON parcels (depot);"))));
        assertThat(worker.outcome(built).path("result").path("appliedVersions").toString())
                .isEqualTo("[\"1\"]");
        assertThat(worker.scalar("SELECT indisvalid FROM pg_index WHERE indexrelid = '" + schema
                        + ".parcels_depot_idx'::regclass"))
                .isEqualTo("t");

        // depot repeats: the unique build fails in its validation phase and leaves an INVALID index behind
        var failedBuild = worker.send(schemaChange(
                "routing",
                schema,
                List.of(migration(
                        "2",
                        "unique depot",
                        "CREATE UNIQUE INDEX CONCURRENTLY parcels_depot_key ON parcels (depot);"))));
        var failed = worker.failed(failedBuild);
        assertThat(failed.error())
                .contains("SQLSTATE 23505")
                .contains("dropped INVALID index(es) left behind: parcels_depot_key");
        assertThat(worker.scalar("SELECT to_regclass('" + schema + ".parcels_depot_key')"))
                .isNull();
        assertThat(worker.history(schema)).containsExactly("0:BASELINE:true", "1:SQL:true", "2:SQL:false");
    }

    @Test
    void alembicOfflineOutputIsAppliedAsOneMigration() throws Exception {
        String schema = worker.freshSchemaOf("deliveries");
        String alembic =
                """
                BEGIN;

                CREATE TABLE alembic_version (
                    version_num VARCHAR(32) NOT NULL,\s
                    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
                );

                -- Running upgrade  -> 3c1a9e2b7d10

                CREATE TABLE delivery_slots (
                    id SERIAL NOT NULL,\s
                    parcel_id BIGINT NOT NULL,\s
                    window_start TIMESTAMP WITH TIME ZONE NOT NULL,\s
                    window_end TIMESTAMP WITH TIME ZONE NOT NULL,\s
                    PRIMARY KEY (id),\s
                    FOREIGN KEY(parcel_id) REFERENCES parcels (id)
                );

                CREATE INDEX ix_delivery_slots_parcel_id ON delivery_slots (parcel_id);

                INSERT INTO alembic_version (version_num) VALUES ('3c1a9e2b7d10') RETURNING alembic_version.version_num;

                COMMIT;
                """;
        var job = worker.send(schemaChange("deliveries", schema, List.of(migration("1", "delivery slots", alembic))));

        assertThat(worker.outcome(job).path("result").path("statements").asInt())
                .isEqualTo(4);
        assertThat(worker.scalar("SELECT version_num FROM " + schema + ".alembic_version"))
                .isEqualTo("3c1a9e2b7d10");
        assertThat(worker.scalar("SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = '" + schema
                        + ".delivery_slots'::regclass"))
                .isEqualTo("team_deliveries");
    }

    @Test
    void jobsOfOneSchemaNeverOverlapWhileTwoSchemasRunAtOnce() throws Exception {
        String routing = worker.freshSchemaOf("routing");
        String fleet = worker.freshSchemaOf("fleet");
        // each migration records when it ran, sleeping in between: the windows show what ran at the same time
        var first = worker.send(schemaChange("routing", routing, List.of(window("1", "w1"))));
        var second = worker.send(schemaChange("routing", routing, List.of(window("2", "w2"))));
        var other = worker.send(schemaChange("fleet", fleet, List.of(window("1", "w3"))));
        for (var job : List.of(first, second, other)) {
            assertThat(worker.outcome(job)
                            .path("result")
                            .path("appliedVersions")
                            .size())
                    .isEqualTo(1);
        }

        assertThat(worker.scalar(
                        "SELECT (SELECT ended FROM " + routing + ".w1) <= (SELECT began FROM " + routing + ".w2)"))
                .as("the second job on a schema starts after the first ended")
                .isEqualTo("t");
        assertThat(worker.scalar("SELECT (SELECT began FROM " + fleet + ".w3) < (SELECT ended FROM " + routing
                        + ".w1) AND (SELECT began FROM " + routing + ".w1) < (SELECT ended FROM " + fleet + ".w3)"))
                .as("a job on another schema ran meanwhile")
                .isEqualTo("t");
    }

    private static Map<String, Object> window(String version, String table) {
        return migration(
                version,
                "window " + table,
                "CREATE TABLE " + table + " AS SELECT clock_timestamp() AS began;\n"
                        + "SELECT pg_sleep(1.5);\n"
                        + "ALTER TABLE " + table + " ADD COLUMN ended timestamptz DEFAULT clock_timestamp();");
    }
}
