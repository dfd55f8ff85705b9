package com.logicore.dbp.export.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.payload.JobRequested;
import com.logicore.dbp.export.archive.ArchiveCodec;
import com.logicore.dbp.export.archive.ArchiveFaults;
import com.logicore.dbp.export.archive.ArchiveFaults.Point;
import com.logicore.dbp.export.archive.ArchiveFiles;
import com.logicore.dbp.export.archive.ArchiveOptions;
import com.logicore.dbp.export.archive.ArchiveVerifier;
import com.logicore.dbp.export.config.ExportConfig;
import com.logicore.dbp.export.persistence.ArchiveCheckpoints;
import com.logicore.dbp.export.persistence.ArchiveCheckpoints.Batch;
import com.logicore.dbp.export.persistence.ArchiveCheckpoints.State;
import com.logicore.dbp.export.store.ExportStore;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * ARCHIVE of a MongoDB collection: documents older than the cutoff, in batches, each written to day-partitioned gzip
 * JSON Lines, synced, read back and verified against the source, checkpointed, and only then deleted by exactly
 * their ids. A resumed run finishes an interrupted batch from its checkpoint and never archives a document twice.
 */
@ApplicationScoped
public class ArchiveJob {

    private final ExportConfig config;
    private final MongoClient mongo;
    private final ArchiveCheckpoints checkpoints;
    private final ExportStore store;
    private final JobRecorder recorder;
    private final ArchiveFaults faults;
    private final ArchiveRestore restore;

    public ArchiveJob(
            ExportConfig config,
            MongoClient mongo,
            ArchiveCheckpoints checkpoints,
            ExportStore store,
            JobRecorder recorder,
            ArchiveFaults faults,
            ArchiveRestore restore) {
        this.config = config;
        this.mongo = mongo;
        this.checkpoints = checkpoints;
        this.store = store;
        this.recorder = recorder;
        this.faults = faults;
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
        ArchiveFiles files = files(options.collection());
        long started = System.currentTimeMillis();
        long total = collection.countDocuments(Filters.lt(options.timeField(), Date.from(cutoff)));
        ProgressReporter progress = new ProgressReporter(recorder, job, config.progressInterval(), total);
        var last = checkpoints.last(id);
        if (last.isPresent() && last.get().state() == State.VERIFIED) {
            // Crashed between verify and delete: the batch is in a verified archive; finish exactly its delete.
            finishBatch(collection, files, last.get(), options);
        }
        String position = last.map(Batch::lastKey).orElse(null);
        int batchNo = last.map(b -> b.batchNo() + 1).orElse(1);
        long done = checkpoints.batches(id).stream().mapToLong(Batch::documents).sum();
        long processedThisRun = 0;
        while (true) {
            files.discard(job.requestId(), batchNo);
            List<Document> batch = nextBatch(collection, options, cutoff, position);
            if (batch.isEmpty()) {
                break;
            }
            List<String> written = files.write(job.requestId(), batchNo, options.timeField(), batch);
            faults.reached(Point.AFTER_WRITE, batchNo);
            List<Object> ids = batch.stream().map(d -> d.get("_id")).toList();
            List<Document> sourceNow = collection.find(Filters.in("_id", ids)).into(new ArrayList<>());
            String mismatch = ArchiveVerifier.mismatch(batch, files.read(written), sourceNow);
            if (mismatch != null) {
                throw new JobFailure("batch " + batchNo + " failed verification, nothing deleted: " + mismatch, true);
            }
            Document lastDoc = batch.get(batch.size() - 1);
            Batch verified = new Batch(
                    id,
                    batchNo,
                    State.VERIFIED,
                    batch.size(),
                    files.size(written),
                    ArchiveCodec.contentHash(batch),
                    written,
                    batch.stream().map(d -> idJson(d.get("_id"))).toList(),
                    keyOf(lastDoc, options),
                    ((Date) batch.get(0).get(options.timeField())).toInstant(),
                    ((Date) lastDoc.get(options.timeField())).toInstant());
            checkpoints.verified(verified);
            faults.reached(Point.AFTER_VERIFY, batchNo);
            finishBatch(collection, files, verified, options);
            done += batch.size();
            processedThisRun += batch.size();
            position = verified.lastKey();
            batchNo++;
            progress.report(done, "documents archived");
            throttle(options.maxDocsPerSecond(), processedThisRun, started);
        }
        return summary(id, options, cutoff, System.currentTimeMillis() - started);
    }

    /** Deletes exactly the batch's ids, after checking its files still hold what was verified. */
    private void finishBatch(
            MongoCollection<Document> collection, ArchiveFiles files, Batch batch, ArchiveOptions options)
            throws Exception {
        String onDisk = ArchiveCodec.contentHash(files.read(batch.files()));
        if (!onDisk.equals(batch.contentHash())) {
            throw new JobFailure(
                    "archive files of batch " + batch.batchNo()
                            + " no longer match their verified hash; nothing deleted",
                    false);
        }
        if (options.noDelete()) {
            checkpoints.finished(batch.requestId(), batch.batchNo(), State.KEPT);
            return;
        }
        List<Object> ids = batch.ids().stream().map(ArchiveJob::idFromJson).toList();
        long deleted = collection.deleteMany(Filters.in("_id", ids)).getDeletedCount();
        checkpoints.finished(batch.requestId(), batch.batchNo(), State.DELETED);
        Log.debugf("archive batch done requestId=%s batch=%d deleted=%d", batch.requestId(), batch.batchNo(), deleted);
    }

    // Keyset pagination on (time, _id): stable across resumes and correct in no-delete mode too.
    private List<Document> nextBatch(
            MongoCollection<Document> collection, ArchiveOptions options, Instant cutoff, String position) {
        Bson filter = Filters.lt(options.timeField(), Date.from(cutoff));
        if (position != null) {
            Document key = Document.parse(position);
            Object time = key.get("t");
            filter = Filters.and(
                    filter,
                    Filters.or(
                            Filters.gt(options.timeField(), time),
                            Filters.and(Filters.eq(options.timeField(), time), Filters.gt("_id", key.get("_id")))));
        }
        return collection
                .find(filter)
                .sort(Sorts.ascending(options.timeField(), "_id"))
                .limit(config.archive().batchSize())
                .into(new ArrayList<>());
    }

    private static String keyOf(Document document, ArchiveOptions options) {
        return ArchiveCodec.line(
                new Document("t", document.get(options.timeField())).append("_id", document.get("_id")));
    }

    private static String idJson(Object id) {
        return ArchiveCodec.line(new Document("_id", id));
    }

    private static Object idFromJson(String json) {
        return Document.parse(json).get("_id");
    }

    private static String timeOf(Document document, ArchiveOptions options) {
        return document == null
                ? null
                : ((Date) document.get(options.timeField())).toInstant().toString();
    }

    private static void throttle(int docsPerSecond, long processed, long startedMillis) throws InterruptedException {
        if (docsPerSecond <= 0) {
            return;
        }
        long due = startedMillis + processed * 1000 / docsPerSecond;
        long wait = due - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
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
