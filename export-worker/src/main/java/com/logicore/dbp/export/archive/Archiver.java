package com.logicore.dbp.export.archive;

import com.logicore.dbp.export.archive.ArchiveCodec.Digest;
import com.logicore.dbp.export.archive.ArchiveHaltPoints.Point;
import com.logicore.dbp.export.persistence.ArchiveCheckpoints;
import com.logicore.dbp.export.persistence.ArchiveCheckpoints.Batch;
import com.logicore.dbp.export.persistence.ArchiveCheckpoints.State;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import io.quarkus.logging.Log;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;

/**
 * The archive loop: documents older than the cutoff, in keyset batches on (time, _id), each written to
 * day-partitioned files, synced, read back and verified against the source, checkpointed with exactly its ids, and
 * only then deleted by those ids. Resuming finishes an interrupted delete (after re-checking the files) and redoes a
 * half-written batch under the same file names, so no document is archived twice or deleted unarchived.
 */
public final class Archiver {

    /** Told the running total of archived documents after each batch. */
    public interface Progress {
        void archived(long documents);
    }

    private final MongoCollection<Document> collection;
    private final ArchiveFiles files;
    private final ArchiveCheckpoints checkpoints;
    private final ArchiveHaltPoints halts;
    private final int batchSize;

    public Archiver(
            MongoCollection<Document> collection,
            ArchiveFiles files,
            ArchiveCheckpoints checkpoints,
            ArchiveHaltPoints halts,
            int batchSize) {
        this.collection = collection;
        this.files = files;
        this.checkpoints = checkpoints;
        this.halts = halts;
        this.batchSize = batchSize;
    }

    /** Archives (or resumes archiving) everything of {@code options} older than {@code cutoff}. */
    public void run(UUID id, ArchiveOptions options, Instant cutoff, Progress progress) throws Exception {
        long started = System.currentTimeMillis();
        List<Batch> recorded = checkpoints.batches(id);
        Optional<Batch> last = recorded.isEmpty() ? Optional.empty() : Optional.of(recorded.get(recorded.size() - 1));
        if (last.isPresent() && last.get().state() == State.VERIFIED) {
            // Stopped between verify and delete: the batch is in a verified archive; re-check its files (they may
            // have been touched since) and finish exactly its delete.
            Digest onDisk = files.digest(last.get().files());
            if (onDisk.documents() != last.get().documents()
                    || !onDisk.sha256().equals(last.get().contentHash())) {
                throw new ArchiveRefused(
                        "archive files of batch " + last.get().batchNo()
                                + " no longer match their verified hash; nothing deleted",
                        false);
            }
            finishBatch(last.get(), options);
        }
        String position = last.map(Batch::lastKey).orElse(null);
        int batchNo = last.map(b -> b.batchNo() + 1).orElse(1);
        long done = recorded.stream().mapToLong(Batch::documents).sum();
        long processedThisRun = 0;
        // Helpers: one streams the next batch, one re-reads the current batch's source range, one checkpoints and
        // deletes the previous batch — all while this thread encodes, writes and syncs the current batch's files.
        ExecutorService io = Executors.newFixedThreadPool(3, r -> {
            Thread thread = new Thread(r, "archive-io-" + id);
            thread.setDaemon(true);
            return thread;
        });
        Future<?> deleting = null;
        try (BatchReader reader = new BatchReader(collection, options.timeField(), cutoff, position, batchSize)) {
            Future<List<Document>> next = io.submit(reader::next);
            while (true) {
                List<Document> batch = await(next);
                if (batch.isEmpty()) {
                    await(deleting);
                    return;
                }
                next = io.submit(reader::next);
                files.discard(id.toString(), batchNo);
                Batch verified = writeAndVerify(id, batchNo, batch, options, cutoff, position, io);
                // The previous batch's delete ends before this one is checkpointed: at most one batch is ever
                // VERIFIED and not yet deleted, the one a resume finishes first. Checkpoint and delete run on a
                // helper while this thread goes on with the next batch's files.
                await(deleting);
                int verifiedNo = batchNo;
                deleting = io.submit(() -> {
                    checkpoints.verified(verified);
                    halts.reached(Point.AFTER_VERIFY, id, verifiedNo);
                    finishBatch(verified, options);
                    return null;
                });
                done += batch.size();
                processedThisRun += batch.size();
                position = verified.lastKey();
                batchNo++;
                progress.archived(done);
                throttle(options.maxDocsPerSecond(), processedThisRun, started);
            }
        } finally {
            io.shutdownNow();
        }
    }

    private static <T> T await(Future<T> pending) throws Exception {
        if (pending == null) {
            return null;
        }
        try {
            return pending.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private Batch writeAndVerify(
            UUID id,
            int batchNo,
            List<Document> batch,
            ArchiveOptions options,
            Instant cutoff,
            String after,
            ExecutorService io)
            throws Exception {
        Document lastDoc = batch.get(batch.size() - 1);
        String lastKey = KeysetRange.keyOf(lastDoc, options.timeField());
        // The batch's keyset range read again: it must hold exactly the batch, unchanged. A range read (indexed on
        // mongod) rather than `_id: {$in: …}`, which the wire server answers by a scan testing every id; unsorted,
        // as the verifier matches it to the batch by _id.
        Future<List<Document>> sourceRange = io.submit(() -> collection
                .find(KeysetRange.filter(options.timeField(), cutoff, after, lastKey))
                .batchSize(batch.size() + 1)
                .into(new ArrayList<>(batch.size())));
        List<String> lines = new ArrayList<>(batch.size());
        batch.forEach(d -> lines.add(ArchiveCodec.line(d)));
        Digest expected = ArchiveCodec.digest(lines);
        List<String> written = files.write(
                id.toString(),
                batchNo,
                options.timeField(),
                batch,
                lines,
                () -> halts.reached(Point.MID_BATCH, id, batchNo));
        Digest inFiles = files.digest(written);
        String mismatch = ArchiveVerifier.mismatch(expected, inFiles, batch, await(sourceRange));
        if (mismatch != null) {
            throw new ArchiveRefused("batch " + batchNo + " failed verification, nothing deleted: " + mismatch, true);
        }
        return new Batch(
                id,
                batchNo,
                State.VERIFIED,
                batch.size(),
                files.size(written),
                expected.sha256(),
                written,
                batch.stream().map(d -> idJson(d.get("_id"))).toList(),
                lastKey,
                ((Date) batch.get(0).get(options.timeField())).toInstant(),
                ((Date) lastDoc.get(options.timeField())).toInstant());
    }

    /** Deletes exactly the verified batch's ids (one delete by {@code _id} each, sent as one bulk write). */
    private void finishBatch(Batch batch, ArchiveOptions options) throws Exception {
        if (options.noDelete()) {
            checkpoints.finished(batch.requestId(), batch.batchNo(), State.KEPT);
            return;
        }
        List<DeleteOneModel<Document>> deletes = new ArrayList<>(batch.ids().size());
        for (String id : batch.ids()) {
            deletes.add(new DeleteOneModel<>(Filters.eq("_id", idFromJson(id))));
        }
        int deleted = collection
                .bulkWrite(deletes, new BulkWriteOptions().ordered(false))
                .getDeletedCount();
        if (deleted != deletes.size()) {
            // Only after a resume (the delete had partly run before the stop) or if someone else deleted them.
            Log.infof(
                    "archive batch deleted %d of %d ids, the rest were already gone requestId=%s batch=%d",
                    deleted, deletes.size(), batch.requestId(), batch.batchNo());
        }
        checkpoints.finished(batch.requestId(), batch.batchNo(), State.DELETED);
    }

    private static String idJson(Object id) {
        return ArchiveCodec.line(new Document("_id", id));
    }

    private static Object idFromJson(String json) {
        return Document.parse(json).get("_id");
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
}
