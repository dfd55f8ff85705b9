package com.logicore.dbp.monitoring.dbhealth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicore.dbp.events.EventEnvelope;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.events.payload.HealthFinding;
import com.logicore.dbp.monitoring.testsupport.PlatformEvents;
import com.logicore.dbp.testkit.kafka.KafkaTestClient;
import com.mongodb.client.MongoClients;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** The health probes on real servers: PostgreSQL with pg_stat_statements, the local Redis, the Mongo wire server. */
@QuarkusTest
class HealthProbesIT {

    private static final String OPS = "test-ops-token";

    @Inject
    HealthProbes probes;

    @Inject
    PostgresProbe postgres;

    @Inject
    RedisProbe redis;

    @Inject
    MongoProbe mongo;

    @Test
    void aDeliberatelySlowQueryOnTheDeliveriesTableIsReportedWithItsTeam() throws Exception {
        // Given a slow query on the 150k-row deliveries table, run twice, and two identical indexes on routing.stops
        try (Connection c = target()) {
            try (var s = c.createStatement()) {
                for (int i = 0; i < 2; i++) {
                    s.execute("SELECT pg_sleep(0.3), count(*) FROM deliveries.deliveries"
                            + " WHERE customer_email LIKE '%@example.org' AND weight_kg > 3");
                }
                s.execute("CREATE INDEX stops_route_a ON routing.stops (route_id)");
                s.execute("CREATE INDEX stops_route_b ON routing.stops (route_id)");
            }
        }
        try {
            // When the PostgreSQL probe runs (statistics reach the views asynchronously, so it may take two runs)
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> {
                        probes.run(PostgresProbe.PROBE, postgres::probe);
                        var slow = findings("?kind=postgres.slow-statement&team=deliveries");
                        // Then the statement is reported with the team owning the schema, and its timings
                        assertThat(slow).anySatisfy(f -> {
                            assertThat(f.metrics().get("query").asText()).contains("deliveries.deliveries");
                            assertThat(f.metrics().get("meanMillis").asDouble()).isGreaterThanOrEqualTo(300);
                            assertThat(f.metrics().get("calls").asLong()).isEqualTo(2);
                            assertThat(f.message()).contains("QUERY_REVIEW");
                        });
                        // And the sequential scans over the large table and the duplicate indexes are findings of their
                        // teams
                        assertThat(findings("?kind=postgres.seq-scan&team=deliveries"))
                                .anySatisfy(f -> assertThat(f.resource()).endsWith("/deliveries.deliveries"));
                        assertThat(findings("?kind=postgres.duplicate-index&team=routing"))
                                .anySatisfy(f -> assertThat(f.message()).contains("stops_route_a", "stops_route_b"));
                    });
            assertThat(findings("?kind=postgres.pg-stat-statements-unavailable"))
                    .isEmpty();

            // And the finding went out on dbp.health
            try (var kafka = new KafkaTestClient(config("kafka.bootstrap.servers"))) {
                var record = kafka.await(
                        "dbp.health",
                        r -> new String(r.value(), StandardCharsets.UTF_8).contains("postgres.slow-statement")
                                && new String(r.value(), StandardCharsets.UTF_8).contains("deliveries.deliveries"),
                        Duration.ofSeconds(30));
                assertThat(KafkaTestClient.header(record, "ce_type")).isEqualTo("com.logicore.dbp.health.finding.v1");
                assertThat(EventJson.read(record.value(), HealthFinding.class).team())
                        .isEqualTo("deliveries");
            }
        } finally {
            try (Connection c = target();
                    var s = c.createStatement()) {
                s.execute("DROP INDEX routing.stops_route_a, routing.stops_route_b");
            }
        }
    }

    @Test
    void aRedisWorkloadWithALowHitRateIsFlaggedWithTheUsualCauses() throws Exception {
        // Given a baseline sample, then a workload that finds one key in ten
        probes.run(RedisProbe.PROBE, redis::probe);
        String prefix = config("dbp.redis.key-prefix") + "hitrate:";
        URI url = URI.create(config("dbp.redis.url"));
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            StringBuilder commands = new StringBuilder();
            for (int i = 0; i < 50; i++) {
                commands.append(resp("SET", prefix + i, "cached-route-" + i));
            }
            for (int i = 0; i < 6000; i++) {
                commands.append(resp("GET", prefix + (i % 10 == 0 ? i % 50 : "miss-" + i)));
            }
            commands.append(resp("PING"));
            out.write(commands.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            readUntilPong(in);
            // When the probe samples again
            probes.run(RedisProbe.PROBE, redis::probe);
            // (the workload's keys are removed with the run's prefix by the testkit)
        }

        // Then the hit rate over the interval is below the threshold, with the usual causes spelled out
        var finding = findings("?kind=redis.hit-rate").get(0);
        assertThat(finding.metrics().get("hitRate").asDouble()).isLessThan(0.8);
        assertThat(finding.metrics().get("misses").asLong()).isGreaterThanOrEqualTo(5400);
        assertThat(finding.message()).contains("below 80 %", "TTL", "evictions");
    }

    @Test
    void aLargeCollectionWithoutArchivePolicyIsAFindingUntilAnArchiveRequestExists() {
        String database = "logicore_" + config("quarkus.mongodb.database");
        String collection = "driver_locations_" + UUID.randomUUID().toString().substring(0, 6);
        try (var client = MongoClients.create(config("quarkus.mongodb.connection-string"))) {
            // Given a driver location history of 3000 points (well past the test threshold of 64 KB)
            List<Document> points = new ArrayList<>();
            Instant start = Instant.parse("2026-11-01T06:00:00Z");
            for (int i = 0; i < 3000; i++) {
                points.add(new Document("driverId", 1000 + i % 40)
                        .append("vehicleId", 17 + i % 40)
                        .append("lat", 52.52 + (i % 97) * 0.0011)
                        .append("lon", 13.405 + (i % 89) * 0.0013)
                        .append("speedKmh", 20 + i % 40)
                        .append("recordedAt", java.util.Date.from(start.plusSeconds(i * 15L))));
            }
            client.getDatabase(database).getCollection(collection).insertMany(points);
        }
        // owned by fleet (an admin's assignment on dbp.ownership)
        try (var events = new PlatformEvents()) {
            events.kafka()
                    .send(
                            "dbp.ownership",
                            database + "/" + collection,
                            com.logicore.dbp.events.EventType.SCHEMA_OWNERSHIP_CHANGED,
                            database + "/" + collection,
                            new com.logicore.dbp.events.payload.SchemaOwnershipChanged(database, collection, "fleet"));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth()
                .oauth2(OPS)
                .get("/api/v1/events?type=schema-ownership.changed&team=fleet")
                .jsonPath()
                .getList("items.requestId")
                .contains(database + "/" + collection));
        // When the MongoDB probe runs
        probes.run(MongoProbe.PROBE, mongo::probe);
        // Then the collection is a finding with its size and document count
        var finding = findings("?kind=mongo.growth").stream()
                .filter(f -> f.resource().equals("mongo:" + database + "." + collection))
                .findFirst()
                .orElseThrow();
        assertThat(finding.metrics().get("documents").asLong()).isEqualTo(3000);
        assertThat(finding.team()).isEqualTo("fleet");
        assertThat(finding.message()).contains("no archive policy", "ARCHIVE");

        // And once the team asked to archive it, the finding goes away
        String id = UUID.randomUUID().toString();
        try (var events = new PlatformEvents()) {
            events.submitted(
                    id,
                    RequestType.ARCHIVE,
                    "fleet",
                    "fleet",
                    Map.of("collection", collection, "timeField", "recordedAt", "olderThanDays", 90, "dryRun", false),
                    Instant.now());
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> given().auth()
                                .oauth2(OPS)
                                .get("/api/v1/events?request=" + id)
                                .jsonPath()
                                .getList("items")
                                .size()
                        == 1);
        probes.run(MongoProbe.PROBE, mongo::probe);
        assertThat(findings("?kind=mongo.growth"))
                .noneMatch(f -> f.resource().equals("mongo:" + database + "." + collection));
    }

    @Inject
    FindingStore store;

    @Inject
    org.redisson.api.RedissonClient redisson;

    @Test
    void theScheduledProbesRunOnOneInstanceAnInterval() throws Exception {
        URI url = URI.create(config("dbp.redis.url"));
        String sample = "redis|redis:" + url.getHost() + ":" + url.getPort();
        var lock = redisson.getLock(HealthProbes.LOCK);
        try {
            // Given another instance holds this interval's lock
            var otherInstance = java.util.concurrent.Executors.newSingleThreadExecutor();
            assertThat(otherInstance
                            .submit(() -> lock.tryLock(0, 30, java.util.concurrent.TimeUnit.SECONDS))
                            .get())
                    .isTrue();
            otherInstance.shutdown();
            probes.run(RedisProbe.PROBE, redis::probe);
            long before = store.lastSample(sample).getLong("at");
            Thread.sleep(20);
            // When this instance's schedule fires, Then it skips the interval
            probes.scheduled();
            assertThat(store.lastSample(sample).getLong("at")).isEqualTo(before);

            // When the interval is free, Then this instance runs the probes and keeps the lock for the interval
            lock.forceUnlock();
            probes.scheduled();
            long ran = store.lastSample(sample).getLong("at");
            assertThat(ran).isGreaterThan(before);
            assertThat(lock.isLocked()).isTrue();
            Thread.sleep(20);
            // And another instance's schedule firing within the interval skips it
            var another = java.util.concurrent.Executors.newSingleThreadExecutor();
            another.submit(probes::scheduled).get();
            another.shutdown();
            assertThat(store.lastSample(sample).getLong("at")).isEqualTo(ran);
        } finally {
            lock.forceUnlock();
        }
    }

    @Test
    void anUnknownSeverityIsA400() {
        given().auth()
                .oauth2(OPS)
                .get("/api/v1/health-findings?severity=URGENT")
                .then()
                .statusCode(400)
                .body("field", equalTo("severity"));
    }

    @Test
    void aDriftTheMigrationWorkerAnnouncesIsACurrentFindingUntilItsAllClear() {
        String resource =
                "postgres:logicore/routing_" + UUID.randomUUID().toString().substring(0, 8);
        var differences = EventJson.mapper()
                .createObjectNode()
                .set(
                        "differences",
                        EventJson.mapper()
                                .valueToTree(List.of("index routing.stops_eta_idx created outside the platform")));
        try (var kafka = new KafkaTestClient(config("kafka.bootstrap.servers"))) {
            // A malformed finding (metrics must be an object) is skipped, not retried in front of the next one
            announce(
                    kafka,
                    drift(
                            resource + "_malformed",
                            HealthFinding.Severity.WARNING,
                            "metrics that are not an object",
                            EventJson.mapper().createArrayNode()));
            // Given the migration worker announces a schema drift on dbp.health
            announce(
                    kafka,
                    drift(
                            resource,
                            HealthFinding.Severity.WARNING,
                            "schema differs from its last platform change",
                            differences));
            // Then it is one of the team's current findings, with its differences
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(findings("?kind=postgres.schema-drift&team=routing"))
                            .filteredOn(f -> f.resource().equals(resource))
                            .singleElement()
                            .satisfies(f -> {
                                assertThat(f.severity()).isEqualTo(HealthFinding.Severity.WARNING);
                                assertThat(f.metrics().get("differences").get(0).asText())
                                        .contains("stops_eta_idx");
                            }));

            // When the worker says the schema matches again, that is the current state
            announce(
                    kafka,
                    drift(
                            resource,
                            HealthFinding.Severity.INFO,
                            "schema matches its last platform change again",
                            EventJson.mapper()
                                    .createObjectNode()
                                    .set("differences", EventJson.mapper().createArrayNode())));
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(findings("?kind=postgres.schema-drift&team=routing"))
                            .filteredOn(f -> f.resource().equals(resource))
                            .singleElement()
                            .satisfies(f -> assertThat(f.severity()).isEqualTo(HealthFinding.Severity.INFO)));
        }
    }

    private static HealthFinding drift(
            String resource, HealthFinding.Severity severity, String message, JsonNode metrics) {
        return new HealthFinding(
                "postgres.schema-drift", resource, "routing", severity, message, metrics, Instant.now());
    }

    private static void announce(KafkaTestClient kafka, HealthFinding finding) {
        kafka.send(
                "dbp.health",
                finding.resource(),
                EventEnvelope.create(
                        "/dbp/migration-worker",
                        EventType.HEALTH_FINDING,
                        finding.resource(),
                        EventJson.write(finding)));
    }

    private static List<HealthFinding> findings(String query) {
        byte[] body = given().auth()
                .oauth2(OPS)
                .get("/api/v1/health-findings" + query)
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        JsonNode array = EventJson.read(body, JsonNode.class);
        List<HealthFinding> findings = new ArrayList<>();
        array.forEach(node -> findings.add(EventJson.mapper().convertValue(node, HealthFinding.class)));
        return findings;
    }

    private static Connection target() throws Exception {
        return DriverManager.getConnection(config("dbp.monitoring.target.jdbc-url"), "postgres", "");
    }

    private static String config(String name) {
        return ConfigProvider.getConfig().getValue(name, String.class);
    }

    private static String resp(String... parts) {
        StringBuilder resp = new StringBuilder("*").append(parts.length).append("\r\n");
        for (String part : parts) {
            resp.append('$')
                    .append(part.getBytes(StandardCharsets.UTF_8).length)
                    .append("\r\n")
                    .append(part)
                    .append("\r\n");
        }
        return resp.toString();
    }

    private static void readUntilPong(InputStream in) throws Exception {
        StringBuilder tail = new StringBuilder();
        int b;
        while ((b = in.read()) != -1) {
            tail.append((char) b);
            if (tail.length() > 16) {
                tail.delete(0, tail.length() - 16);
            }
            if (tail.toString().endsWith("+PONG\r\n")) {
                return;
            }
        }
        throw new IllegalStateException("redis closed the connection");
    }
}
