package com.logicore.dbp.export.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.payload.JobRequested;
import com.logicore.dbp.export.archive.ArchiveCodec;
import com.logicore.dbp.export.archive.ArchiveFiles;
import com.logicore.dbp.export.archive.ArchiveHaltPoints;
import com.logicore.dbp.export.archive.ArchiveOptions;
import com.logicore.dbp.export.archive.ArchiveRefused;
import com.logicore.dbp.export.archive.Archiver;
import com.logicore.dbp.export.config.ExportConfig;
import com.logicore.dbp.export.persistence.ArchiveCheckpoints;
import com.logicore.dbp.export.persistence.ArchiveCheckpoints.Batch;
import com.logicore.dbp.export.store.ExportStore;
import com.logicore.dbp.jobs.JobFailure;
import com.logicore.dbp.jobs.JobOutcome;
import com.logicore.dbp.jobs.JobRecorder;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * ARCHIVE of a MongoDB collection ({@link Archiver} does the verified copy-then-delete), its dry run, and restores of
 * an earlier archive run. The cutoff is fixed at the run's first start so a resumed run archives the same range.
 */
@ApplicationScoped
public class ArchiveJob {

    private final ExportConfig config;
    private final MongoClient mongo;
    private final ArchiveCheckpoints checkpoints;
    private final ExportStore store;
    private final JobRecorder recorder;
    private final ArchiveHaltPoints halts;
    private final ArchiveRestore restore;

    public ArchiveJob(
            ExportConfig config,
            MongoClient mongo,
            ArchiveCheckpoints checkpoints,
            ExportStore store,
            JobRecorder recorder,
            ArchiveRestore restore) {
        this.config = config;
        this.mongo = mongo;
        this.checkpoints = checkpoints;
        this.store = store;
        this.recorder = recorder;
        // Test-only kill points (dbp.export.archive.test-halt-at); disarmed unless set.
        this.halts = ArchiveHaltPoints.of(
                config.archive().testHaltAt(), Path.of(config.store()).resolve("kill-test"));
        this.restore = restore;
    }

    public JobOutcome run(JobRequested job) throws Exception {
        ArchiveOptions options;
        try {
            options = ArchiveOptions.of(job.payload(), config.archive().maxDocsPerSecond());
        } catch (IllegalArgumentException e) {
            throw new JobFailure(e.getMessage(), false);
        }
        MongoCollection<Document> collection =
                mongo.getDatabase(config.archive().mongoDatabase()).getCollection(options.collection());
        if (options.restoreFromRequestId() != null) {
            return restore.run(job, options, collection, files(options.collection()));
        }
        UUID id = UUID.fromString(job.requestId());
        Instant proposed = Instant.now().minus(Duration.ofDays(options.olderThanDays()));
        if (options.dryRun()) {
            return dryRun(collection, options, proposed);
        }
        Instant cutoff = checkpoints.cutoff(id, options.collection(), options.timeField(), proposed);
        return archive(job, id, collection, options, cutoff);
    }

    private ArchiveFiles files(String collection) throws IOException {
        return new ArchiveFiles(
                store.area("archives").resolve(config.archive().mongoDatabase() + "." + collection),
                store.area(".partial"));
    }

    private JobOutcome dryRun(MongoCollection<Document> collection, ArchiveOptions options, Instant cutoff) {
        Bson older = Filters.lt(options.timeField(), Date.from(cutoff));
        long count = collection.countDocuments(older);
        ObjectNode result = EventJson.mapper().createObjectNode();
        result.put("dryRun", true);
        result.put("collection", options.collection());
        result.put("cutoff", cutoff.toString());
        result.put("documents", count);
        long sampleBytes = 0;
        int sampled = 0;
        for (Document d : collection.find(older).limit(1_000)) {
            sampleBytes += ArchiveCodec.line(d).length();
            sampled++;
        }
        // Extended JSON size of a sample, scaled: an estimate of the uncompressed archive.
        result.put("estimatedBytes", sampled == 0 ? 0 : sampleBytes * count / sampled);
        if (count > 0) {
            result.put(
                    "from",
                    timeOf(
                            collection
                                    .find(older)
                                    .sort(Sorts.ascending(options.timeField()))
                                    .first(),
                            options));
            result.put(
                    "to",
                    timeOf(
                            collection
                                    .find(older)
                                    .sort(Sorts.descending(options.timeField()))
                                    .first(),
                            options));
        }
        return new JobOutcome(
                String.format(
                        "dry run: %,d documents of %s older than %s would be archived",
                        count, options.collection(), cutoff),
                result);
    }

    private JobOutcome archive(
            JobRequested job, UUID id, MongoCollection<Document> collection, ArchiveOptions options, Instant cutoff)
            throws Exception {
        long started = System.currentTimeMillis();
        long total = collection.countDocuments(Filters.lt(options.timeField(), Date.from(cutoff)));
        ProgressReporter progress = new ProgressReporter(recorder, job, config.progressInterval(), total);
        Archiver archiver = new Archiver(
                collection,
                files(options.collection()),
                checkpoints,
                halts,
                config.archive().batchSize());
        try {
            archiver.run(id, options, cutoff, done -> progress.report(done, "documents archived"));
        } catch (ArchiveRefused e) {
            throw new JobFailure(e.getMessage(), e.retryable(), e);
        }
        return summary(id, options, cutoff, System.currentTimeMillis() - started);
    }

    private static String timeOf(Document document, ArchiveOptions options) {
        return document == null
                ? null
                : ((Date) document.get(options.timeField())).toInstant().toString();
    }

    private JobOutcome summary(UUID id, ArchiveOptions options, Instant cutoff, long millis) throws Exception {
        List<Batch> batches = checkpoints.batches(id);
        long documents = batches.stream().mapToLong(Batch::documents).sum();
        long bytes = batches.stream().mapToLong(Batch::bytes).sum();
        long fileCount = batches.stream().mapToLong(b -> b.files().size()).sum();
        ObjectNode result = EventJson.mapper().createObjectNode();
        result.put("collection", options.collection());
        result.put("cutoff", cutoff.toString());
        result.put("documents", documents);
        result.put("bytes", bytes);
        result.put("files", fileCount);
        result.put("batches", batches.size());
        result.put("deleted", !options.noDelete());
        if (!batches.isEmpty()) {
            result.put("from", batches.get(0).firstTime().toString());
            result.put("to", batches.get(batches.size() - 1).lastTime().toString());
        }
        result.put(
                "verification",
                "every batch read back from its synced files matched the source by count and SHA-256 before "
                        + (options.noDelete() ? "being kept (no-delete mode)" : "its exact ids were deleted"));
        result.put("archiveDirectory", "archives/" + config.archive().mongoDatabase() + "." + options.collection());
        return new JobOutcome(
                String.format(
                        "archived %,d documents of %s older than %s in %d batches (%,d bytes, %d files)%s in %d ms",
                        documents,
                        options.collection(),
                        cutoff,
                        batches.size(),
                        bytes,
                        fileCount,
                        options.noDelete() ? ", source kept" : "",
                        millis),
                result);
    }
}
