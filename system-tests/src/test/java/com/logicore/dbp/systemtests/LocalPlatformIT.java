package com.logicore.dbp.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's run command, for real: {@code up} brings every service to ready, {@code down} leaves no process of ours,
 * and a second {@code up} finds the Kafka, MongoDB and PostgreSQL data of the first.
 */
class LocalPlatformIT {

    private static final List<String> SERVICES =
            List.of("request-api", "approval-service", "migration-worker", "export-worker", "monitoring-service");
    private static LocalPlatform platform;

    @BeforeAll
    static void createPlatform() {
        platform = new LocalPlatform(Path.of("target", "platform-home").toAbsolutePath());
    }

    @AfterAll
    static void removePlatform() throws Exception {
        platform.run("reset");
    }

    @Test
    void upDownUpKeepsDataAndLeavesNoProcessBehind() throws Exception {
        // Given a platform brought up by the one command
        var up = platform.run("up");
        assertThat(up.exitCode()).as(up.output()).isZero();
        assertThat(up.output()).contains("is up", "http://127.0.0.1:" + platform.servicePort("request-api"));
        for (String service : SERVICES) {
            assertThat(readiness(service)).as(service).contains("\"status\": \"UP\"");
        }
        assertThat(platform.run("status").output()).doesNotContain("stopped").contains("monitoring-service");
        assertDemoDataSeeded();

        // and data written to each of its stores
        try (var producer = new KafkaProducer<>(
                Map.<String, Object>of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        platform.kafkaBootstrap(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>("dbp.health", "probe", "survives-restart"))
                    .get(30, TimeUnit.SECONDS);
        }
        try (var mongo = MongoClients.create(platform.mongoUri())) {
            mongo.getDatabase("tracking").getCollection("probe").insertOne(new Document("_id", "survives-restart"));
        }
        try (var pg = DriverManager.getConnection(platform.targetJdbcUrl(), "postgres", "")) {
            pg.createStatement().execute("CREATE TABLE public.probe AS SELECT 'survives-restart'::text AS note");
        }
        var pids = platform.recordedPids();
        assertThat(pids.keySet()).containsAll(SERVICES).contains("kafka", "mongo");

        // When it goes down
        var down = platform.run("down");

        // Then none of its processes is left
        assertThat(down.exitCode()).as(down.output()).isZero();
        for (var pid : pids.entrySet()) {
            assertThat(LocalPlatform.isRunning(pid.getValue()))
                    .as(pid.getKey() + " (pid " + pid.getValue() + ") still running")
                    .isFalse();
        }
        assertThat(platform.livePlatformProcesses()).isEmpty();
        assertThat(platform.run("status").output()).doesNotContain("running");

        // And when it comes up again, it finds the data of the first run
        var again = platform.run("up");
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output()).contains("already has 3000 documents, kept").doesNotContain("created database");
        assertThat(kafkaValues("dbp.health")).contains("survives-restart");
        try (var mongo = MongoClients.create(platform.mongoUri())) {
            assertThat(mongo.getDatabase("tracking").getCollection("probe").countDocuments())
                    .isEqualTo(1);
        }
        try (var pg = DriverManager.getConnection(platform.targetJdbcUrl(), "postgres", "")) {
            var rs = pg.createStatement().executeQuery("SELECT note FROM public.probe");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("survives-restart");
        }
        assertDemoDataSeeded();

        assertThat(platform.run("down").exitCode()).isZero();
        assertThat(platform.livePlatformProcesses()).isEmpty();
    }

    private void assertDemoDataSeeded() throws Exception {
        try (var pg = DriverManager.getConnection(platform.targetJdbcUrl(), "postgres", "")) {
            var rs = pg.createStatement()
                    .executeQuery(
                            "SELECT (SELECT count(*) FROM deliveries.deliveries), (SELECT count(*) FROM routing.stops),"
                                    + " (SELECT count(*) FROM fleet.drivers WHERE email IS NOT NULL)");
            rs.next();
            assertThat(rs.getLong(1)).isGreaterThanOrEqualTo(100_000);
            assertThat(rs.getLong(2)).isPositive();
            assertThat(rs.getLong(3)).isPositive();
        }
        try (var mongo = MongoClients.create(platform.mongoUri())) {
            var locations = mongo.getDatabase("tracking").getCollection("driver_locations");
            assertThat(locations.countDocuments()).isEqualTo(3000);
            var oldest = locations.find().sort(new Document("recordedAt", 1)).first();
            var newest = locations.find().sort(new Document("recordedAt", -1)).first();
            long spanDays = Duration.between(
                            oldest.getDate("recordedAt").toInstant(),
                            newest.getDate("recordedAt").toInstant())
                    .toDays();
            assertThat(spanDays).isBetween(170L, 180L);
        }
    }

    private String readiness(String service) throws Exception {
        var response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://127.0.0.1:" + platform.servicePort(service) + "/q/health/ready"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    private List<String> kafkaValues(String topic) {
        try (var consumer = new KafkaConsumer<>(
                Map.<String, Object>of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        platform.kafkaBootstrap(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "system-test-" + System.nanoTime(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                var records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    return java.util.stream.StreamSupport.stream(records.spliterator(), false)
                            .map(r -> r.value())
                            .toList();
                }
            }
            return List.of();
        }
    }
}
