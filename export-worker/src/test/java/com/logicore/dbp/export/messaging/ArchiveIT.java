package com.logicore.dbp.export.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.export.archive.ArchiveCodec;
import com.logicore.dbp.export.archive.ArchiveFiles;
import com.logicore.dbp.export.archive.ArchiveHaltPoints;
import com.logicore.dbp.export.archive.ArchiveHaltPoints.Point;
import com.logicore.dbp.export.archive.ArchiveOptions;
import com.logicore.dbp.export.archive.ArchiveRefused;
import com.logicore.dbp.export.archive.Archiver;
import com.logicore.dbp.export.persistence.ArchiveCheckpoints;
import com.logicore.dbp.export.support.DriverLocations;
import com.logicore.dbp.export.support.ExportJobs;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * ARCHIVE on the MongoDB wire server over the real broker, in-process: a dry run touches nothing, a run ends with
 * source + archive equal to the original documents exactly, none archived twice, and a restore brings them all back;
 * no-delete mode keeps the source; a document changed while its batch is archived stops that batch's delete, and the
 * retry archives the new content. Kills of a worker process mid-run are {@code process.ArchiveKillIT}.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArchiveIT {

    private static final int DOCUMENTS = 3_000;
    private static final int BATCH = 500;

    @Inject
    ArchiveCheckpoints checkpoints;

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
    void anArchiveLosesOrDuplicatesNothingThenARestoreBringsItBack() throws Exception {
        MongoCollection<Document> locations = collection("driver_locations");
        Map<Object, String> original = DriverLocations.seed(locations, DOCUMENTS, 7);
        long older = locations.countDocuments(new Document(
                "recordedAt", new Document("$lt", Date.from(Instant.now().minus(Duration.ofDays(30))))));

        // dry run: what would be archived, nothing touched
        var dry = archive("driver_locations", Map.of("dryRun", true));
        jobs.send(dry);
        var preview = jobs.succeeded(dry).result();
        assertThat(preview.get("documents").asLong()).isEqualTo(older);
        assertThat(preview.get("estimatedBytes").asLong()).isPositive();
        assertThat(locations.countDocuments()).isEqualTo(DOCUMENTS);

        var job = archive("driver_locations", Map.of());
        jobs.send(job);
        var summary = jobs.succeeded(job).result();
        assertThat(summary.get("documents").asLong()).isEqualTo(older);

        List<Document> archived =
                DriverLocations.readArchive(archives.resolve(database + ".driver_locations"), job.requestId());
        Map<Object, String> archivedById = DriverLocations.byId(archived);
        assertThat(archivedById).as("no document archived twice").hasSize(archived.size());
        Map<Object, String> remaining = DriverLocations.byId(locations.find().into(new ArrayList<>()));
        assertThat(remaining.keySet()).doesNotContainAnyElementsOf(archivedById.keySet());
        Map<Object, String> union = new HashMap<>(remaining);
        union.putAll(archivedById);
        assertThat(union).as("source + archive = original, by _id and content").isEqualTo(original);
        assertThat(archived).hasSize((int) older);

        // restore the archived range back into the collection
        var restore = archive("driver_locations", Map.of("restoreFromRequestId", job.requestId()));
        jobs.send(restore);
        assertThat(jobs.succeeded(restore).result().get("documents").asLong()).isEqualTo(older);
        assertThat(DriverLocations.byId(locations.find().into(new ArrayList<>())))
                .isEqualTo(original);
    }

    @Test
    void noDeleteModeArchivesAndVerifiesButKeepsTheSource() throws Exception {
        MongoCollection<Document> locations = collection("driver_locations_copy");
        Map<Object, String> original = DriverLocations.seed(locations, DOCUMENTS, 7);
        var job = archive("driver_locations_copy", Map.of("noDelete", true, "maxDocsPerSecond", 20_000));
        jobs.send(job);
        var summary = jobs.succeeded(job).result();
        assertThat(summary.get("deleted").asBoolean()).isFalse();
        assertThat(DriverLocations.byId(locations.find().into(new ArrayList<>())))
                .isEqualTo(original);
        assertThat(DriverLocations.readArchive(archives.resolve(database + ".driver_locations_copy"), job.requestId()))
                .hasSize(summary.get("documents").asInt())
                .isNotEmpty();
    }

    @Test
    void aDocumentChangedWhileItsBatchIsArchivedIsNotDeletedAndTheRetryArchivesItsNewContent() throws Exception {
        MongoCollection<Document> locations = collection("driver_locations_changing");
        Map<Object, String> original = DriverLocations.seed(locations, DOCUMENTS, 11);
        Instant cutoff = Instant.now().minus(Duration.ofDays(30));
        var options = new ArchiveOptions("driver_locations_changing", "recordedAt", 30, false, false, 0, null);
        Document changed = locations
                .find(Filters.lt("recordedAt", Date.from(cutoff)))
                .sort(Sorts.ascending("recordedAt", "_id"))
                .skip(BATCH + 10)
                .first();
        Path dir = Files.createTempDirectory("archive-change-");
        var files = new ArchiveFiles(dir.resolve("archive"), Files.createDirectories(dir.resolve("partial")));
        UUID run = UUID.randomUUID();

        // While batch 2's files are being written, the tracking app corrects one of its documents.
        var correction = ArchiveHaltPoints.running(
                Point.MID_BATCH,
                2,
                () -> locations.updateOne(Filters.eq("_id", changed.get("_id")), Updates.set("speedKmh", 999L)));
        assertThatThrownBy(() -> new Archiver(locations, files, checkpoints, correction, BATCH)
                        .run(run, options, cutoff, n -> {}))
                .isInstanceOf(ArchiveRefused.class)
                .hasMessageContaining("batch 2")
                .hasMessageContaining("changed in the source");
        assertThat(locations.find(Filters.eq("_id", changed.get("_id"))).first())
                .as("the corrected document was not deleted")
                .containsEntry("speedKmh", 999L);
        assertThat(locations.countDocuments()).as("only batch 1 was deleted").isEqualTo(DOCUMENTS - BATCH);

        // The retry resumes at batch 2 and archives what the source holds now.
        new Archiver(locations, files, checkpoints, ArchiveHaltPoints.disarmed(), BATCH)
                .run(run, options, cutoff, n -> {});
        List<Document> archived = DriverLocations.readArchive(dir.resolve("archive"), run.toString());
        Map<Object, String> archivedById = DriverLocations.byId(archived);
        assertThat(archivedById).as("no document archived twice").hasSize(archived.size());
        Map<Object, String> union = DriverLocations.byId(locations.find().into(new ArrayList<>()));
        union.putAll(archivedById);
        Map<Object, String> expected = new HashMap<>(original);
        expected.put(changed.get("_id"), ArchiveCodec.line(new Document(changed).append("speedKmh", 999L)));
        assertThat(union).as("source + archive = the documents as they are now").isEqualTo(expected);
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
}
