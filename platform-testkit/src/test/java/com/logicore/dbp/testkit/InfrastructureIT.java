package com.logicore.dbp.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.logicore.dbp.testkit.kafka.EmbeddedKafkaBroker;
import com.logicore.dbp.testkit.kafka.PlatformTopics;
import com.logicore.dbp.testkit.mongo.MongoWireServer;
import com.logicore.dbp.testkit.postgres.FreshPostgresDatabases;
import com.logicore.dbp.testkit.redis.RedisIsolation;
import com.mongodb.client.MongoClients;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.redisson.Redisson;
import org.redisson.config.Config;

/** The testkit's servers are real: they accept real clients and keep (or drop) data as promised. */
class InfrastructureIT {

    @TempDir
    Path dir;

    @Test
    void kafkaBrokerKeepsTopicsAndRecordsAcrossARestart() throws Exception {
        int port = FreePorts.next();
        int controllerPort = FreePorts.next();
        try (var broker = new EmbeddedKafkaBroker(dir.resolve("kafka"), port, controllerPort).start()) {
            assertThat(PlatformTopics.createMissing(broker.bootstrapServers(), (short) 1))
                    .contains("dbp.requests");
            try (var producer = new KafkaProducer<>(
                    Map.<String, Object>of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            broker.bootstrapServers(),
                            ProducerConfig.ACKS_CONFIG,
                            "all",
                            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                            true),
                    new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new ProducerRecord<>("dbp.requests", "r-1", "hello"))
                        .get(30, TimeUnit.SECONDS);
            }
        }

        try (var broker = new EmbeddedKafkaBroker(dir.resolve("kafka"), port, controllerPort).start()) {
            assertThat(PlatformTopics.createMissing(broker.bootstrapServers(), (short) 1))
                    .isEmpty();
            try (var consumer = new KafkaConsumer<>(
                    Map.<String, Object>of(
                            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                            ConsumerConfig.GROUP_ID_CONFIG, "it",
                            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(),
                    new StringDeserializer())) {
                consumer.subscribe(List.of("dbp.requests"));
                String seen = null;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (seen == null && System.nanoTime() < deadline) {
                    for (var record : consumer.poll(Duration.ofMillis(500))) {
                        seen = record.key() + "=" + record.value();
                    }
                }
                assertThat(seen).isEqualTo("r-1=hello");
            }
        }
    }

    @Test
    void mongoWireServerOnFileKeepsDocumentsAcrossARestart() throws Exception {
        int port = FreePorts.next();
        Path file = dir.resolve("mongo/data.mv");
        try (var server = MongoWireServer.onFile(file, port).start();
                var client = MongoClients.create(server.connectionString())) {
            client.getDatabase("tracking")
                    .getCollection("driver_locations")
                    .insertOne(
                            new Document("driverId", "d-7").append("lat", 52.52).append("lon", 13.405));
        }
        try (var server = MongoWireServer.onFile(file, port).start();
                var client = MongoClients.create(server.connectionString())) {
            var doc = client.getDatabase("tracking")
                    .getCollection("driver_locations")
                    .find()
                    .first();
            assertThat(doc).isNotNull();
            assertThat(doc.getString("driverId")).isEqualTo("d-7");
        }
    }

    @Test
    void postgresDatabasesAreFreshAndDroppedAfterTheRun() throws Exception {
        String name;
        try (var postgres = FreshPostgresDatabases.start()) {
            name = postgres.create("it");
            try (var c = DriverManager.getConnection(postgres.jdbcUrl(name), postgres.user(), "")) {
                var rs = c.createStatement()
                        .executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'");
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        }
        try (var postgres = FreshPostgresDatabases.start();
                var c = DriverManager.getConnection(postgres.jdbcUrl("postgres"), postgres.user(), "")) {
            var rs =
                    c.createStatement().executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + name + "'");
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void embeddedPostgresTakesOverWhenNoServerAnswers() throws Exception {
        int nobodyListens = FreePorts.next();
        try (var postgres = FreshPostgresDatabases.start("127.0.0.1", nobodyListens, "postgres")) {
            assertThat(postgres.isEmbedded()).isTrue();
            String name = postgres.create("embedded");
            try (var c = DriverManager.getConnection(postgres.jdbcUrl(name), postgres.user(), "")) {
                var rs = c.createStatement().executeQuery("SELECT current_database()");
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(name);
            }
        }
    }

    @Test
    void redisKeysOfARunAreRemovedAfterIt() {
        var isolation = RedisIsolation.start();
        Config config = new Config();
        config.useSingleServer().setAddress(isolation.url());
        var client = Redisson.create(config);
        try {
            client.getBucket(isolation.keyPrefix() + "lock-probe").set("x");
            assertThat(isolation.keyCount()).isEqualTo(1);
            isolation.close();
            assertThat(isolation.keyCount()).isZero();
        } finally {
            client.shutdown();
        }
    }
}
