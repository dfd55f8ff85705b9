package com.logicore.dbp.export.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.export.archive.ArchiveCodec;
import com.logicore.dbp.export.archive.ArchiveFaults;
import com.logicore.dbp.export.support.ExportJobs;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * ARCHIVE on the MongoDB wire server over the real broker: a run that crashes between verify and delete and in the
 * middle of a batch (simulated in-process, see {@link ArchiveFaults}) resumes and ends with source + archive equal to
 * the original documents exactly, none archived twice; a restore brings them all back.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArchiveIT {

    private static final int DOCUMENTS = 3_000;

    @Inject
    ArchiveFaults faults;

    private ExportJobs jobs;
    private MongoClient mongo;
    private String database;
    private Path archives;

    @BeforeAll
    void connect() {
        var config = ConfigProvider.getConfig();
        jobs = new ExportJobs();
        mongo = MongoClients.create(config.getValue("quarkus.mongodb.connection-string", String.class));
        database = config.getValue("quarkus.mongodb.database", String.class);
        archives = Path.of(config.getValue("dbp.export.store", String.class)).resolve("archives");
    }

    @AfterAll
    void close() {
        jobs.close();
        mongo.close();
    }

    @Test
    void aCrashedArchiveResumesAndLosesOrDuplicatesNothingThenARestoreBringsItBack() throws Exception {
        MongoCollection<Document> locations = collection("driver_locations");
        Map<Object, String> original = seed(locations);
        long older = locations.countDocuments(new Document(
                "recordedAt", new Document("$lt", Date.from(Instant.now().minus(Duration.ofDays(30))))));

        // dry run: what would be archived, nothing touched
        var dry = archive("driver_locations", Map.of("dryRun", true));
        jobs.send(dry);
        var preview = jobs.succeeded(dry).result();
        assertThat(preview.get("documents").asLong()).isEqualTo(older);
        assertThat(preview.get("estimatedBytes").asLong()).isPositive();
        assertThat(locations.countDocuments()).isEqualTo(DOCUMENTS);

        // killed between verify and delete of batch 2, and after writing batch 4's files: then resumed
        faults.arm(ArchiveFaults.Point.AFTER_VERIFY, 2);
        faults.arm(ArchiveFaults.Point.AFTER_WRITE, 4);
        var job = archive("driver_locations", Map.of());
        jobs.send(job);
        var summary = jobs.succeeded(job).result();
        assertThat(jobs.statusEvents(job, EventType.JOB_STARTED)).hasSize(3);
        assertThat(summary.get("documents").asLong()).isEqualTo(older);

        List<Document> archived = readArchive(job.requestId());
        Map<Object, String> archivedById = byId(archived);
        assertThat(archivedById).as("no document archived twice").hasSize(archived.size());
        Map<Object, String> remaining = byId(locations.find().into(new ArrayList<>()));
        assertThat(remaining.keySet()).doesNotContainAnyElementsOf(archivedById.keySet());
        Map<Object, String> union = new HashMap<>(remaining);
        union.putAll(archivedById);
        assertThat(union).as("source + archive = original, by _id and content").isEqualTo(original);
        assertThat(archived).hasSize((int) older);

        // restore the archived range back into the collection
        var restore = archive("driver_locations", Map.of("restoreFromRequestId", job.requestId()));
        jobs.send(restore);
        assertThat(jobs.succeeded(restore).result().get("documents").asLong()).isEqualTo(older);
        assertThat(byId(locations.find().into(new ArrayList<>()))).isEqualTo(original);
    }

    @Test
    void noDeleteModeArchivesAndVerifiesButKeepsTheSource() throws Exception {
        MongoCollection<Document> locations = collection("driver_locations_copy");
        Map<Object, String> original = seed(locations);
        var job = archive("driver_locations_copy", Map.of("noDelete", true, "maxDocsPerSecond", 20_000));
        jobs.send(job);
        var summary = jobs.succeeded(job).result();
        assertThat(summary.get("deleted").asBoolean()).isFalse();
        assertThat(byId(locations.find().into(new ArrayList<>()))).isEqualTo(original);
        assertThat(readArchive(job.requestId(), "driver_locations_copy"))
                .hasSize(summary.get("documents").asInt())
                .isNotEmpty();
    }

    private com.logicore.dbp.events.payload.JobRequested archive(String collection, Map<String, Object> extra) {
        Map<String, Object> payload = new HashMap<>(extra);
        payload.put("collection", collection);
        payload.put("timeField", "recordedAt");
        payload.put("olderThanDays", 30);
        payload.putIfAbsent("dryRun", false);
        return ExportJobs.job(RequestType.ARCHIVE, "fleet", "tracking", payload, Map.of());
    }

    private MongoCollection<Document> collection(String name) {
        return mongo.getDatabase(database).getCollection(name);
    }

    /** GPS fixes of 40 drivers over the last 90 days, the way the tracking app writes them. */
    private static Map<Object, String> seed(MongoCollection<Document> locations) {
        Random random = new Random(7);
        Instant now = Instant.now();
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < DOCUMENTS; i++) {
            int driver = 1 + random.nextInt(40);
            documents.add(new Document("_id", new ObjectId())
                    .append("driverId", String.format("drv-%04d", driver))
                    .append("recordedAt", Date.from(now.minusSeconds(random.nextInt(90 * 86_400))))
                    .append(
                            "location",
                            new Document("type", "Point")
                                    .append(
                                            "coordinates",
                                            List.of(
                                                    13.405 + random.nextGaussian() * 0.1,
                                                    52.52 + random.nextGaussian() * 0.08)))
                    .append("speedKmh", (long) random.nextInt(90))
                    .append("batteryPct", 20 + random.nextInt(81)));
        }
        locations.insertMany(documents);
        return byId(documents);
    }

    private static Map<Object, String> byId(List<Document> documents) {
        Map<Object, String> byId = new HashMap<>();
        documents.forEach(d -> byId.put(d.get("_id"), ArchiveCodec.line(d)));
        return byId;
    }

    private List<Document> readArchive(String requestId) throws Exception {
        return readArchive(requestId, "driver_locations");
    }

    private List<Document> readArchive(String requestId, String collection) throws Exception {
        List<Document> documents = new ArrayList<>();
        try (Stream<Path> files = Files.walk(archives.resolve(database + "." + collection))) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(requestId))
                    .toList()) {
                try (var reader = new BufferedReader(new InputStreamReader(
                        new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
                    reader.lines().forEach(line -> documents.add(Document.parse(line)));
                }
            }
        }
        return documents;
    }
}
