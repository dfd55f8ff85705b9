package com.logicore.dbp.export.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.events.payload.JobRequested;
import com.logicore.dbp.export.support.DriverLocations;
import com.logicore.dbp.export.support.ExportJobs;
import com.logicore.dbp.testkit.FreePorts;
import com.logicore.dbp.testkit.quarkus.PlatformTestResources;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * ARCHIVE with the packaged worker as a process of its own, SIGKILLed twice: once in the middle of a batch (part of
 * its files written) and once between a batch's verification and its delete. Each kill lands exactly there: the
 * worker is started with the test-only {@code dbp.export.archive.test-halt-at}, stops at that point and writes a
 * marker; then it gets {@code kill -9}. A new worker process gets the redelivered job and resumes from the
 * checkpoint. In the end source + archive = the original documents exactly, none archived twice, and a restore
 * brings every archived one back. Runs under failsafe, after {@code package} built the jar.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArchiveKillIT {

    private static final int DOCUMENTS = 4_000;
    private static final int BATCH = 500;
    private static final Duration HALT_WAIT = Duration.ofMinutes(3);

    private final PlatformTestResources servers = new PlatformTestResources();
    private Map<String, String> serverConfig;
    private ExportJobs jobs;
    private MongoClient mongo;
    private MongoCollection<Document> locations;
    private Path store;
    private Path logs;
    private final List<WorkerProcess> workers = new ArrayList<>();

    @BeforeAll
    void startServers() throws Exception {
        servers.init(Map.of(PlatformTestResources.NEEDS, "postgres,target,mongo,kafka,redis"));
        serverConfig = servers.start();
        jobs = new ExportJobs(serverConfig.get("kafka.bootstrap.servers"));
        mongo = MongoClients.create(serverConfig.get("quarkus.mongodb.connection-string"));
        locations =
                mongo.getDatabase(serverConfig.get("quarkus.mongodb.database")).getCollection("driver_locations");
        String run = Long.toHexString(System.currentTimeMillis());
        store = Files.createDirectories(
                Path.of("target", "kill-test-store-" + run).toAbsolutePath());
        logs = Files.createDirectories(
                Path.of("target", "kill-test-logs-" + run).toAbsolutePath());
    }

    @AfterAll
    void stopServers() throws Exception {
        for (WorkerProcess worker : workers) {
            worker.close(); // a worker a failed assertion left running
        }
        if (jobs != null) {
            jobs.close();
        }
        if (mongo != null) {
            mongo.close();
        }
        servers.stop();
    }

    @Test
    void aWorkerKilledMidBatchAndBetweenVerifyAndDeleteResumesAndLosesOrDuplicatesNothing() throws Exception {
        Map<Object, String> original = DriverLocations.seed(locations, DOCUMENTS, 11);
        long older = locations.countDocuments(new Document(
                "recordedAt", new Document("$lt", Date.from(Instant.now().minus(Duration.ofDays(30))))));
        assertThat(older).as("enough old documents for five batches").isGreaterThan(5L * BATCH);
        JobRequested job = archive(Map.of());
        jobs.send(job);

        // 1st worker: SIGKILL in the middle of batch 2 (batch 1 archived, batch 2 half written)
        WorkerProcess first = worker("MID_BATCH:2", "worker-1.log");
        first.awaitFile(marker(job, "MID_BATCH", 2), HALT_WAIT);
        assertThat(first.kill()).as("exit status of a SIGKILLed JVM").isEqualTo(137);
        // Batch 1 is checked against the source, checkpointed and deleted on a helper while batch 2 is written, so
        // the kill may come before, during or after its delete; nothing of batch 2 may be gone.
        assertThat(locations.countDocuments())
                .as("nothing beyond batch 1 deleted")
                .isBetween((long) DOCUMENTS - BATCH, (long) DOCUMENTS);
        assertThat(partialFiles(job)).as("batch 2 was being written").isNotEmpty();

        // 2nd worker resumes; SIGKILL after batch 4 is verified and checkpointed, before its delete
        WorkerProcess second = worker("AFTER_VERIFY:4", "worker-2.log");
        second.awaitFile(marker(job, "AFTER_VERIFY", 4), HALT_WAIT);
        assertThat(second.kill()).isEqualTo(137);
        assertThat(locations.countDocuments())
                .as("batches 1-3 deleted, verified batch 4 still in the source")
                .isEqualTo(DOCUMENTS - 3 * BATCH);

        // 3rd worker finishes the job
        try (WorkerProcess third = worker("", "worker-3.log")) {
            var summary = jobs.succeeded(job).result();
            assertThat(summary.get("documents").asLong()).isEqualTo(older);
            assertThat(jobs.statusEvents(job, EventType.JOB_STARTED))
                    .as("one start per worker process")
                    .hasSize(3);

            List<Document> archived = DriverLocations.readArchive(
                    store.resolve("archives")
                            .resolve(serverConfig.get("quarkus.mongodb.database") + ".driver_locations"),
                    job.requestId());
            Map<Object, String> archivedById = DriverLocations.byId(archived);
            assertThat(archivedById).as("no document archived twice").hasSize(archived.size());
            assertThat(archived).hasSize((int) older);
            Map<Object, String> remaining =
                    DriverLocations.byId(locations.find().into(new ArrayList<>()));
            assertThat(remaining.keySet()).doesNotContainAnyElementsOf(archivedById.keySet());
            Map<Object, String> union = new HashMap<>(remaining);
            union.putAll(archivedById);
            assertThat(union)
                    .as("source + archive = original, by _id and content")
                    .isEqualTo(original);

            // a restore brings the archived documents back
            JobRequested restore = archive(Map.of("restoreFromRequestId", job.requestId()));
            jobs.send(restore);
            assertThat(jobs.succeeded(restore).result().get("documents").asLong())
                    .isEqualTo(older);
            assertThat(DriverLocations.byId(locations.find().into(new ArrayList<>())))
                    .isEqualTo(original);
            assertThat(third.isAlive()).isTrue();
        }
    }

    private WorkerProcess worker(String haltAt, String log) throws Exception {
        WorkerProcess worker = WorkerProcess.start(workerConfig(haltAt), logs.resolve(log));
        workers.add(worker);
        return worker;
    }

    private Map<String, String> workerConfig(String haltAt) {
        Map<String, String> config = new HashMap<>(serverConfig);
        config.put("quarkus.http.port", String.valueOf(FreePorts.next()));
        config.put("dbp.export.store", store.toString());
        config.put("dbp.export.progress-interval", "200ms");
        config.put("dbp.export.archive.batch-size", String.valueOf(BATCH));
        config.put("dbp.export.archive.test-halt-at", haltAt);
        // The killed consumer leaves the group after its session times out; keep that short so the job moves on.
        config.put("mp.messaging.incoming.jobs-in.session.timeout.ms", "6000");
        config.put("mp.messaging.incoming.jobs-in.heartbeat.interval.ms", "1000");
        return config;
    }

    private Path marker(JobRequested job, String point, int batch) {
        return store.resolve("kill-test").resolve(job.requestId() + "-" + point + "-b" + batch);
    }

    private List<Path> partialFiles(JobRequested job) throws Exception {
        try (Stream<Path> files = Files.list(store.resolve(".partial"))) {
            return files.filter(f -> f.getFileName().toString().startsWith(job.requestId() + "-b2-"))
                    .toList();
        }
    }

    private static JobRequested archive(Map<String, Object> extra) {
        Map<String, Object> payload = new HashMap<>(extra);
        payload.put("collection", "driver_locations");
        payload.put("timeField", "recordedAt");
        payload.put("olderThanDays", 30);
        payload.putIfAbsent("dryRun", false);
        return ExportJobs.job(RequestType.ARCHIVE, "fleet", "driver_locations", payload, Map.of());
    }
}
