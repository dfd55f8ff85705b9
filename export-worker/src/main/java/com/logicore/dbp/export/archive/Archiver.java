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
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.RawBsonDocument;

/**
 * The archive loop: documents older than the cutoff, in keyset batches on (time, _id), each written to
 * day-partitioned files, synced and read back, its source range re-read and compared document by document,
 * checkpointed with exactly its ids, and only then deleted by those ids. Resuming finishes an interrupted delete
 * (after re-checking the files) and redoes a half-written batch under the same file names, so no document is archived
 * twice or deleted unarchived.
 *
 * <p>Three stages overlap: a helper reads the next batch and encodes its lines; this thread writes and reads back the
 * current batch's files; a second helper re-checks the previous batch's source, checkpoints it and deletes it. The
 * source check runs right before the delete, so the window in which a change could go unnoticed is as short as it
 * can be without a compare-and-delete (which the embedded wire server can only answer with a scan per document).
 */
public final class Archiver {

    /** Told the running total of archived documents after each batch. */
    public interface Progress {
        void archived(long documents);
    }

    /**
     * A batch as read from the source, in archive order: the documents as raw BSON (never decoded into objects: the
     * lines are written straight from the bytes, and the source check compares bytes), each one's canonical line and
     * its time.
     */
    private record SourceBatch(List<RawBsonDocument> documents, List<String> lines, List<Instant> times) {

        static SourceBatch encode(List<RawBsonDocument> documents, String timeField) {
            List<String> lines = new ArrayList<>(documents.size());
            List<Instant> times = new ArrayList<>(documents.size());
            for (RawBsonDocument document : documents) {
                lines.add(ArchiveCodec.line(document));
                times.add(Instant.ofEpochMilli(document.getDateTime(timeField).getValue()));
            }
            return new SourceBatch(documents, lines, times);
        }

        boolean isEmpty() {
            return documents.isEmpty();
        }

        List<BsonValue> ids() {
            return documents.stream().map(d -> d.get("_id")).toList();
        }
    }

    private final MongoCollection<RawBsonDocument> collection;
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
        this.collection = collection.withDocumentClass(RawBsonDocument.class);
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
            finish(
                    last.get(),
                    last.get().ids().stream().map(Archiver::idFromJson).toList(),
                    options);
        }
        String position = last.map(Batch::lastKey).orElse(null);
        int batchNo = last.map(b -> b.batchNo() + 1).orElse(1);
        long done = recorded.stream().mapToLong(Batch::documents).sum();
        long processedThisRun = 0;
        ExecutorService io = Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "archive-io-" + id);
            thread.setDaemon(true);
            return thread;
        });
        Future<?> deleting = null;
        try (BatchReader reader = new BatchReader(collection, options.timeField(), cutoff, position, batchSize)) {
            Future<SourceBatch> next = io.submit(() -> SourceBatch.encode(reader.next(), options.timeField()));
            while (true) {
                SourceBatch batch = await(next);
                if (batch.isEmpty()) {
                    await(deleting);
                    // A batch written ahead of a failed or killed run and never redone (the source shrank since).
                    files.discard(id.toString(), batchNo);
                    return;
                }
                next = io.submit(() -> SourceBatch.encode(reader.next(), options.timeField()));
                files.discard(id.toString(), batchNo);
                Batch written = writeAndReadBack(id, batchNo, batch, options);
                // The previous batch's delete ends before this one is checked and checkpointed: at most one batch is
                // ever VERIFIED and not yet deleted, the one a resume finishes first.
                await(deleting);
                deleting = io.submit(() -> {
                    verifySourceAndCheckpoint(written, batch, options);
                    halts.reached(Point.AFTER_VERIFY, id, written.batchNo());
                    finish(written, batch.ids(), options);
                    return null;
                });
                done += batch.documents().size();
                processedThisRun += batch.documents().size();
                position = written.lastKey();
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

    /** Writes the batch's day files, syncs them, and proves by reading them back that they hold exactly the batch. */
    private Batch writeAndReadBack(UUID id, int batchNo, SourceBatch batch, ArchiveOptions options) throws Exception {
        List<RawBsonDocument> documents = batch.documents();
        Digest expected = ArchiveCodec.digest(batch.lines());
        List<String> written = files.write(
                id.toString(),
                batchNo,
                batch.times(),
                batch.lines(),
                () -> halts.reached(Point.MID_BATCH, id, batchNo));
        String mismatch = ArchiveVerifier.filesMismatch(expected, files.digest(written));
        if (mismatch != null) {
            throw new ArchiveRefused("batch " + batchNo + " failed verification, nothing deleted: " + mismatch, true);
        }
        return new Batch(
                id,
                batchNo,
                State.VERIFIED,
                documents.size(),
                files.size(written),
                expected.sha256(),
                written,
                batch.ids().stream().map(Archiver::idJson).toList(),
                KeysetRange.keyOf(documents.get(documents.size() - 1), options.timeField()),
                batch.times().get(0),
                batch.times().get(batch.times().size() - 1));
    }

    /**
     * Re-reads the batch's time span from the source and checkpoints the batch as VERIFIED only if every document is
     * still there unchanged and nothing was added inside the span. A plain range on the time field (one index range
     * on mongod, the cheapest scan on the wire server); documents at the span's two end instants that belong to the
     * neighbouring batches are told apart by the verifier.
     */
    private void verifySourceAndCheckpoint(Batch written, SourceBatch batch, ArchiveOptions options) throws Exception {
        List<RawBsonDocument> span = collection
                .find(KeysetRange.span(options.timeField(), written.firstTime(), written.lastTime()))
                .batchSize(batch.documents().size() + 1)
                .into(new ArrayList<>(batch.documents().size()));
        String mismatch = ArchiveVerifier.sourceMismatch(batch.documents(), span, options.timeField());
        if (mismatch != null) {
            throw new ArchiveRefused(
                    "batch " + written.batchNo() + " failed verification, nothing deleted: " + mismatch, true);
        }
        checkpoints.verified(written);
    }

    /** Deletes exactly the verified batch's ids (one delete by {@code _id} each, sent as one bulk write). */
    private void finish(Batch batch, List<?> ids, ArchiveOptions options) throws Exception {
        if (options.noDelete()) {
            checkpoints.finished(batch.requestId(), batch.batchNo(), State.KEPT);
            return;
        }
        List<DeleteOneModel<RawBsonDocument>> deletes = new ArrayList<>(ids.size());
        for (Object id : ids) {
            deletes.add(new DeleteOneModel<>(Filters.eq("_id", id)));
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

    private static String idJson(BsonValue id) {
        return ArchiveCodec.line(new BsonDocument("_id", id));
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
