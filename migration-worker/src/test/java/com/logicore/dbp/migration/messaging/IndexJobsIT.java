package com.logicore.dbp.migration.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicore.dbp.events.EventEnvelope;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.events.payload.JobFailed;
import com.logicore.dbp.events.payload.JobRequested;
import com.logicore.dbp.events.payload.JobSucceeded;
import com.logicore.dbp.testkit.kafka.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** migration-worker builds indexes on the real target database as the team's role, once, and cleans up failures. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IndexJobsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private KafkaTestClient kafka;
    private String targetUrl;

    @BeforeAll
    void connect() {
        kafka = new KafkaTestClient(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        targetUrl = ConfigProvider.getConfig().getValue("dbp.target.jdbc-url", String.class);
    }

    @AfterAll
    void close() {
        kafka.close();
    }

    @Test
    void buildsAValidIndexOwnedByTheTeamAndNeverTwice() throws Exception {
        String id = UUID.randomUUID().toString();
        var job = job(id, "routing", "routing", Map.of("table", "stops", "columns", List.of("planned_arrival")));
        send(job);

        var succeeded = EventJson.read(status(id, EventType.JOB_SUCCEEDED).value(), JobSucceeded.class);
        assertThat(succeeded.result().get("index").asText()).isEqualTo("routing.stops_planned_arrival_idx");
        assertThat(indexOwnerAndValidity("routing", "stops_planned_arrival_idx"))
                .isEqualTo("team_routing/true");

        // the same job again (a replay, under a new event id): nothing is built or announced twice
        var replay = kafka.locate(
                "dbp.jobs.migration",
                job.schemaKey(),
                EventEnvelope.create("/dbp/approval-service", EventType.JOB_REQUESTED, id, EventJson.write(job)));
        kafka.awaitProcessed("migration-worker", replay, WAIT);
        assertThat(kafka.readToEnd(
                        "dbp.job-status",
                        r -> id.equals(r.key())
                                && EventType.JOB_STARTED.ceType().equals(KafkaTestClient.header(r, "ce_type"))))
                .hasSize(1);
    }

    @Test
    void aFailedConcurrentBuildLeavesNoInvalidIndexAndIsReported() throws Exception {
        String id = UUID.randomUUID().toString();
        // route_id repeats in stops: a UNIQUE build fails in its validation phase and leaves an INVALID index behind
        send(job(id, "routing", "routing", Map.of("table", "stops", "columns", List.of("route_id"), "unique", true)));

        var failed = EventJson.read(status(id, EventType.JOB_FAILED).value(), JobFailed.class);
        assertThat(failed.error()).contains("23505");
        assertThat(indexOwnerAndValidity("routing", "stops_route_id_key")).isEqualTo("absent");
    }

    @Test
    void theDatabaseRefusesATeamOutsideItsOwnSchema() throws Exception {
        String id = UUID.randomUUID().toString();
        // policy would reject this; the database refuses it anyway because team_routing does not own fleet.vehicles
        send(job(id, "routing", "fleet", Map.of("table", "vehicles", "columns", List.of("depot"))));

        var failed = EventJson.read(status(id, EventType.JOB_FAILED).value(), JobFailed.class);
        assertThat(failed.error()).contains("permission denied");
        assertThat(indexOwnerAndValidity("fleet", "vehicles_depot_idx")).isEqualTo("absent");
    }

    private org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> status(String id, EventType type) {
        return kafka.await(
                "dbp.job-status",
                r -> id.equals(r.key()) && type.ceType().equals(KafkaTestClient.header(r, "ce_type")),
                WAIT);
    }

    private void send(JobRequested job) {
        kafka.send("dbp.jobs.migration", job.schemaKey(), EventType.JOB_REQUESTED, job.requestId(), job);
    }

    private static JobRequested job(String id, String team, String schema, Map<String, Object> payload) {
        JsonNode node = EventJson.mapper().valueToTree(new HashMap<>(payload));
        return new JobRequested(
                id,
                RequestType.CREATE_INDEX,
                team,
                "alice",
                "logicore",
                schema,
                node,
                EventJson.mapper().createObjectNode());
    }

    private String indexOwnerAndValidity(String schema, String index) throws Exception {
        try (var c = DriverManager.getConnection(targetUrl, "postgres", "")) {
            var rs = c.createStatement()
                    .executeQuery("SELECT pg_get_userbyid(c.relowner), i.indisvalid FROM pg_class c"
                            + " JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_index i ON i.indexrelid = c.oid"
                            + " WHERE n.nspname = '" + schema + "' AND c.relname = '" + index + "'");
            return rs.next() ? rs.getString(1) + "/" + rs.getBoolean(2) : "absent";
        }
    }
}
