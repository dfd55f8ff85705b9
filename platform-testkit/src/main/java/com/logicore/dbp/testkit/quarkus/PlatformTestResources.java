package com.logicore.dbp.testkit.quarkus;

import com.logicore.dbp.testkit.FreePorts;
import com.logicore.dbp.testkit.kafka.EmbeddedKafkaBroker;
import com.logicore.dbp.testkit.kafka.PlatformTopics;
import com.logicore.dbp.testkit.mongo.MongoWireServer;
import com.logicore.dbp.testkit.postgres.FreshPostgresDatabases;
import com.logicore.dbp.testkit.redis.RedisIsolation;
import com.mongodb.client.MongoClients;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The real servers a service's {@code @QuarkusTest}s run against, started once per module and torn down afterwards.
 *
 * <p>Declare it once per module with the servers that module needs, e.g.
 * {@code @QuarkusTestResource(value = PlatformTestResources.class, initArgs = @ResourceArg(name = "needs", value =
 * "postgres,target,kafka,redis"))}. Known needs: {@code kafka} (in-process KRaft broker with the platform topics),
 * {@code postgres} (a fresh platform database), {@code target} (a fresh target database with the demo schemas and
 * team roles), {@code redis} (a key prefix
 * of this run on the local Redis), {@code mongo} (the wire server, or a fresh database on {@code MONGODB_URI}).
 */
public class PlatformTestResources implements QuarkusTestResourceLifecycleManager {

    public static final String NEEDS = "needs";

    private Set<String> needs = Set.of();
    private EmbeddedKafkaBroker kafka;
    private Path kafkaDir;
    private FreshPostgresDatabases postgres;
    private RedisIsolation redis;
    private MongoWireServer mongo;
    private String realMongoUri;
    private String mongoDatabase;

    @Override
    public void init(Map<String, String> initArgs) {
        needs = Arrays.stream(initArgs.getOrDefault(NEEDS, "").split(","))
                .map(s -> s.trim().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        try {
            if (needs.contains("kafka")) {
                startKafka(config);
            }
            if (needs.contains("postgres") || needs.contains("target")) {
                startPostgres(config);
            }
            if (needs.contains("redis")) {
                redis = RedisIsolation.start();
                config.put("dbp.redis.url", redis.url());
                config.put("dbp.redis.key-prefix", redis.keyPrefix());
            }
            if (needs.contains("mongo")) {
                startMongo(config);
            }
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("could not start the test servers " + needs + ": " + e.getMessage(), e);
        }
        return config;
    }

    private void startKafka(Map<String, String> config) throws Exception {
        kafkaDir = Files.createTempDirectory("kafka-");
        kafka = new EmbeddedKafkaBroker(kafkaDir, FreePorts.next(), FreePorts.next()).start();
        PlatformTopics.createMissing(kafka.bootstrapServers(), (short) 1);
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    }

    private void startPostgres(Map<String, String> config) throws Exception {
        postgres = FreshPostgresDatabases.start();
        config.put("quarkus.datasource.username", postgres.user());
        if (needs.contains("postgres")) {
            String db = postgres.create("platform");
            config.put("quarkus.datasource.reactive.url", postgres.reactiveUrl(db));
            config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(db));
        }
        if (needs.contains("target")) {
            String db = postgres.create("target");
            postgres.loadDemoTarget(db);
            config.put("quarkus.datasource.target.reactive.url", postgres.reactiveUrl(db));
            config.put("quarkus.datasource.target.username", postgres.user());
            config.put("dbp.target.jdbc-url", postgres.jdbcUrl(db));
        }
    }

    private void startMongo(Map<String, String> config) {
        realMongoUri = System.getenv("MONGODB_URI");
        mongoDatabase = "dbpt_" + Long.toHexString(System.currentTimeMillis());
        if (realMongoUri != null && !realMongoUri.isBlank()) {
            config.put("quarkus.mongodb.connection-string", realMongoUri);
        } else {
            realMongoUri = null;
            mongo = MongoWireServer.inMemory(FreePorts.next()).start();
            config.put("quarkus.mongodb.connection-string", mongo.connectionString());
        }
        config.put("quarkus.mongodb.database", mongoDatabase);
    }

    @Override
    public void stop() {
        closeQuietly(() -> {
            if (kafka != null) {
                kafka.close();
                EmbeddedKafkaBroker.deleteDirectory(kafkaDir);
            }
        });
        closeQuietly(() -> {
            if (postgres != null) {
                postgres.close();
            }
        });
        closeQuietly(() -> {
            if (redis != null) {
                redis.close();
            }
        });
        closeQuietly(() -> {
            if (mongo != null) {
                mongo.close();
            } else if (realMongoUri != null) {
                try (var client = MongoClients.create(realMongoUri)) {
                    client.getDatabase(mongoDatabase).drop();
                }
            }
        });
        kafka = null;
        postgres = null;
        redis = null;
        mongo = null;
    }

    private interface Closer {
        void close() throws Exception;
    }

    private static void closeQuietly(Closer closer) {
        try {
            closer.close();
        } catch (Exception e) {
            System.err.println("testkit: cleanup failed: " + e);
        }
    }
}
