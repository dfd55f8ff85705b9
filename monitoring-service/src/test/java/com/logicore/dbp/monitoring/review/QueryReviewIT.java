package com.logicore.dbp.monitoring.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.events.payload.JobFailed;
import com.logicore.dbp.monitoring.testsupport.PlatformEvents;
import com.logicore.dbp.testkit.kafka.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** An approved QUERY_REVIEW is explained on the target and answered on dbp.job-status with HypoPG-verified advice. */
@QuarkusTest
class QueryReviewIT {

    private static final String FILTERED =
            "SELECT id, tracking_number, status FROM deliveries WHERE status = 'failed' AND postal_code = '10115'";

    @Test
    void aFilteredQueryGetsVerifiedIndexAdviceAndComesBackCleanOnceTheIndexExists() throws Exception {
        try (var events = new PlatformEvents()) {
            // Given an approved review of a filtered query on the 150k-row deliveries table
            JsonNode first = review(events, FILTERED);

            // Then the sequential scan is a finding naming the filtered columns
            assertThat(first.get("findings"))
                    .anySatisfy(f -> assertThat(f.get("message").asText())
                            .contains("sequential scan over", "deliveries.deliveries", "status", "postal_code"));
            // And the advice is verified with HypoPG, with before/after costs and the ready CREATE_INDEX request
            assertThat(first.get("hypopg").asBoolean()).isTrue();
            JsonNode advice = first.get("advice").get(0);
            assertThat(advice.get("verified").asBoolean()).isTrue();
            assertThat(advice.get("costBefore").asDouble())
                    .isGreaterThanOrEqualTo(2 * advice.get("costAfter").asDouble());
            JsonNode request = advice.get("createIndexRequest");
            assertThat(request.get("type").asText()).isEqualTo("CREATE_INDEX");
            assertThat(request.at("/target/schema").asText()).isEqualTo("deliveries");
            assertThat(request.at("/payload/table").asText()).isEqualTo("deliveries");
            assertThat(request.at("/payload/columns"))
                    .extracting(JsonNode::asText)
                    .containsExactlyInAnyOrder("status", "postal_code");

            // When the advised index is created (what the CREATE_INDEX request makes migration-worker do)
            StringBuilder cols = new StringBuilder();
            request.at("/payload/columns")
                    .forEach(c -> cols.append(cols.isEmpty() ? "" : ", ").append(c.asText()));
            try (var c = DriverManager.getConnection(config("dbp.monitoring.target.jdbc-url"), "postgres", "");
                    var s = c.createStatement()) {
                s.execute("CREATE INDEX CONCURRENTLY deliveries_advised ON deliveries.deliveries (" + cols + ")");
            }
            try {
                // Then the same review comes back clean
                JsonNode second = review(events, FILTERED);
                assertThat(second.get("findings")).isEmpty();
                assertThat(second.get("advice")).isEmpty();
                assertThat(second.at("/plan/nodes").toString()).contains("Index");
            } finally {
                try (var c = DriverManager.getConnection(config("dbp.monitoring.target.jdbc-url"), "postgres", "");
                        var s = c.createStatement()) {
                    s.execute("DROP INDEX deliveries.deliveries_advised");
                }
            }
        }
    }

    @Test
    void aQueryThatCannotBeExplainedFailsTheJobWithTheReason() {
        try (var events = new PlatformEvents()) {
            String id = submitAndApprove(events, "SELECT * FROM deliveries_archive WHERE id = 1");
            var record = jobStatus(events, id, "com.logicore.dbp.job.failed.v1");
            JobFailed failed = EventJson.read(record.value(), JobFailed.class);
            assertThat(failed.error()).contains("deliveries_archive");
            assertThat(failed.retryable()).isFalse();
        }
    }

    @Test
    void aSecondStatementSmuggledAfterTheSelectIsRefused() throws Exception {
        try (var events = new PlatformEvents()) {
            String id = submitAndApprove(events, "SELECT 1; DROP TABLE deliveries.deliveries");
            jobStatus(events, id, "com.logicore.dbp.job.failed.v1");
        }
        try (var c = DriverManager.getConnection(config("dbp.monitoring.target.jdbc-url"), "postgres", "");
                var s = c.createStatement();
                var rows = s.executeQuery("SELECT count(*) FROM deliveries.deliveries")) {
            rows.next();
            assertThat(rows.getLong(1)).isPositive();
        }
    }

    private static JsonNode review(PlatformEvents events, String sql) {
        String id = submitAndApprove(events, sql);
        var record = jobStatus(events, id, "com.logicore.dbp.job.succeeded.v1");
        return EventJson.read(record.value(), JsonNode.class).get("result");
    }

    private static String submitAndApprove(PlatformEvents events, String sql) {
        String id = UUID.randomUUID().toString();
        events.submitted(id, RequestType.QUERY_REVIEW, "deliveries", "deliveries", Map.of("sql", sql), Instant.now());
        events.approved(id);
        return id;
    }

    private static ConsumerRecord<String, byte[]> jobStatus(PlatformEvents events, String id, String type) {
        return events.kafka()
                .await(
                        "dbp.job-status",
                        r -> id.equals(r.key())
                                && type.equals(KafkaTestClient.header(r, "ce_type"))
                                && new String(r.value(), StandardCharsets.UTF_8).contains(id),
                        Duration.ofSeconds(60));
    }

    private static String config(String name) {
        return ConfigProvider.getConfig().getValue(name, String.class);
    }
}
