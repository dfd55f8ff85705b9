package com.logicore.dbp.monitoring.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicore.dbp.events.EventEnvelope;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.events.payload.JobStarted;
import com.logicore.dbp.events.payload.RequestApproved;
import com.logicore.dbp.events.payload.RequestSubmitted;
import com.logicore.dbp.monitoring.testsupport.PlatformEvents;
import com.logicore.dbp.monitoring.testsupport.SseClient;
import com.logicore.dbp.testkit.kafka.KafkaTestClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** monitoring-service stores every event once and streams it live, filtered, to ops. */
@QuarkusTest
class LiveStreamIT {

    private static final String OPS = "test-ops-token";

    @TestHTTPResource("/api/v1/stream")
    URL stream;

    @Test
    void opsSeeTheirTeamsEventsLiveAndInTheTimelineOnce() throws Exception {
        String id = UUID.randomUUID().toString();
        List<JsonNode> seen = new CopyOnWriteArrayList<>();
        var client = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> connection = client.sendAsync(
                HttpRequest.newBuilder(URI.create(stream + "?team=routing"))
                        .header("Authorization", "Bearer " + OPS)
                        .header("Accept", "text/event-stream")
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
        connection.thenAccept(response -> response.body()
                .filter(line -> line.startsWith("data:"))
                .forEach(line -> seen.add(
                        EventJson.read(line.substring(5).trim().getBytes(StandardCharsets.UTF_8), JsonNode.class))));
        Thread.sleep(500); // let the SSE subscription register before the events flow

        try (var kafka =
                new KafkaTestClient(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))) {
            JsonNode payload = EventJson.mapper().valueToTree(Map.of("table", "stops", "columns", List.of("seq")));
            kafka.send(
                    "dbp.requests",
                    id,
                    EventType.REQUEST_SUBMITTED,
                    id,
                    new RequestSubmitted(
                            id,
                            RequestType.CREATE_INDEX,
                            "routing",
                            "alice",
                            "logicore",
                            "routing",
                            payload,
                            Instant.now()));
            var approved = EventEnvelope.create(
                    "/dbp/approval-service",
                    EventType.REQUEST_APPROVED,
                    id,
                    EventJson.write(new RequestApproved(id, List.of(), "small table")));
            kafka.send("dbp.decisions", id, approved);
            kafka.send("dbp.decisions", id, approved); // redelivered
            kafka.sendRaw("dbp.decisions", id, "poison".getBytes(StandardCharsets.UTF_8)); // skipped, not fatal
            kafka.send(
                    "dbp.job-status",
                    id,
                    EventType.JOB_STARTED,
                    id,
                    new JobStarted(id, "migration-worker", "building"));
            String other = UUID.randomUUID().toString();
            kafka.send(
                    "dbp.requests",
                    other,
                    EventType.REQUEST_SUBMITTED,
                    other,
                    new RequestSubmitted(
                            other,
                            RequestType.CREATE_INDEX,
                            "fleet",
                            "fred",
                            "logicore",
                            "fleet",
                            payload,
                            Instant.now()));

            await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() >= 3);
            assertThat(seen).extracting(e -> e.get("requestId").asText()).containsOnly(id);
            assertThat(seen)
                    .extracting(e -> e.get("type").asText())
                    .containsExactly(
                            "com.logicore.dbp.request.submitted.v1",
                            "com.logicore.dbp.request.approved.v1",
                            "com.logicore.dbp.job.started.v1");
            assertThat(seen.get(2).get("team").asText()).isEqualTo("routing");
        } finally {
            connection.cancel(true);
        }

        given().auth()
                .oauth2(OPS)
                .get("/api/v1/timeline?requestId=" + id)
                .then()
                .statusCode(200)
                .body("size()", equalTo(3))
                .body("[1].requestType", equalTo("CREATE_INDEX"));
    }

    @Test
    void aReconnectingClientGetsWhatItMissedThenLiveEvents() throws Exception {
        String team = "t" + UUID.randomUUID().toString().substring(0, 8);
        String url = stream + "?team=" + team;
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        String lastSeen;
        try (var events = new PlatformEvents()) {
            // Given a client that saw the first request's submission and approval, then lost its connection
            try (var client = new SseClient(url, OPS, null)) {
                Thread.sleep(500); // let the SSE subscription register before the events flow
                events.createIndexSubmitted(first, team);
                events.approved(first);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> client.received().size() >= 2);
                lastSeen = client.received().get(1).id();
            }
            // When events happen while it is away, and it reconnects with Last-Event-ID
            events.started(first);
            events.createIndexSubmitted(second, team);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> given().auth()
                                    .oauth2(OPS)
                                    .get("/api/v1/events?team=" + team)
                                    .jsonPath()
                                    .getList("items")
                                    .size()
                            == 4);
            try (var client = new SseClient(url, OPS, lastSeen)) {
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> client.received().size() >= 2);
                events.approved(second);
                // Then it gets exactly the two it missed, then the live one, in order
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> client.received().size() >= 3);
                Thread.sleep(300);
                assertThat(client.received())
                        .extracting(r -> r.data().get("type").asText() + " "
                                + r.data().get("requestId").asText())
                        .containsExactly(
                                "com.logicore.dbp.job.started.v1 " + first,
                                "com.logicore.dbp.request.submitted.v1 " + second,
                                "com.logicore.dbp.request.approved.v1 " + second);
                assertThat(client.received())
                        .extracting(r -> Long.parseLong(r.id()))
                        .isSorted()
                        .allMatch(seq -> seq > Long.parseLong(lastSeen));
            }
        }
    }

    @Test
    void anEventAnotherInstanceStoredIsStreamedHereToo() throws Exception {
        String team = "t" + UUID.randomUUID().toString().substring(0, 8);
        String id = UUID.randomUUID().toString();
        try (var client = new SseClient(stream + "?team=" + team, OPS, null);
                var mongo = com.mongodb.client.MongoClients.create(
                        ConfigProvider.getConfig().getValue("quarkus.mongodb.connection-string", String.class))) {
            Thread.sleep(500);
            // Given another monitoring instance (its own Kafka partitions) stored an event this one never consumed
            var db = mongo.getDatabase(ConfigProvider.getConfig().getValue("quarkus.mongodb.database", String.class));
            long seq = ((Number) db.getCollection("counters")
                            .findOneAndUpdate(
                                    com.mongodb.client.model.Filters.eq("_id", "events"),
                                    com.mongodb.client.model.Updates.inc("seq", 1L),
                                    new com.mongodb.client.model.FindOneAndUpdateOptions()
                                            .upsert(true)
                                            .returnDocument(com.mongodb.client.model.ReturnDocument.AFTER))
                            .get("seq"))
                    .longValue();
            db.getCollection("events")
                    .insertOne(new org.bson.Document("_id", UUID.randomUUID().toString())
                            .append("seq", seq)
                            .append("topic", "dbp.job-status")
                            .append("type", "com.logicore.dbp.job.started.v1")
                            .append("source", "/dbp/export-worker")
                            .append("requestId", id)
                            .append("team", team)
                            .append("requestType", "DATA_EXPORT")
                            .append("time", new java.util.Date())
                            .append("data", new org.bson.Document("requestId", id).append("worker", "export-worker"))
                            .append("storedAt", new java.util.Date()));
            // Then clients connected to this instance get it live
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !client.received().isEmpty());
            assertThat(client.received().get(0).id()).isEqualTo(String.valueOf(seq));
            assertThat(client.received().get(0).data().get("requestId").asText())
                    .isEqualTo(id);
        }
    }

    @Test
    void theOpsApiNeedsTheOpsToken() {
        given().get("/api/v1/timeline").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2("wrong").get("/api/v1/timeline").then().statusCode(401);
    }
}
