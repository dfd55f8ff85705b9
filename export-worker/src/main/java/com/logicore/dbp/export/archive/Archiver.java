package com.logicore.dbp.export.archive;

import com.logicore.dbp.export.archive.ArchiveFaults.Point;
import com.logicore.dbp.export.persistence.ArchiveCheckpoints;
import com.logicore.dbp.export.persistence.ArchiveCheckpoints.Batch;
import com.logicore.dbp.export.persistence.ArchiveCheckpoints.State;
import com.mongodb.MongoCursorNotFoundException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.bson.conversions.Bson;

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
    private final ArchiveFaults faults;
    private final int batchSize;

    public Archiver(
            MongoCollection<Document> collection,
            ArchiveFiles files,
            ArchiveCheckpoints checkpoints,
            ArchiveFaults faults,
            int batchSize) {
        this.collection = collection;
        this.files = files;
        this.checkpoints = checkpoints;
        this.faults = faults;
        this.batchSize = batchSize;
    }

    /** Archives (or resumes archiving) everything of {@code options} older than {@code cutoff}. */
    public void run(UUID id, ArchiveOptions options, Instant cutoff, Progress progress) throws Exception {
        long started = System.currentTimeMillis();
        var last = checkpoints.last(id);
        if (last.isPresent() && last.get().state() == State.VERIFIED) {
            // Crashed between verify and delete: the batch is in a verified archive; finish exactly its delete.
            finishBatch(last.get(), options);
        }
        String position = last.map(Batch::lastKey).orElse(null);
        int batchNo = last.map(b -> b.batchNo() + 1).orElse(1);
        long done = checkpoints.batches(id).stream().mapToLong(Batch::documents).sum();
        long processedThisRun = 0;
        // One cursor over the whole range (one index scan, not one query per batch); reopened from the last
        // checkpointed position if the server drops it.
        MongoCursor<Document> cursor = open(options, cutoff, position);
        try {
            while (true) {
                files.discard(id.toString(), batchNo);
                List<Document> batch;
                try {
                    batch = take(cursor);
                } catch (MongoCursorNotFoundException e) {
                    cursor.close();
                    cursor = open(options, cutoff, position);
                    batch = take(cursor);
                }
                if (batch.isEmpty()) {
                    return;
                }
                Batch verified = writeAndVerify(id, batchNo, batch, options);
                checkpoints.verified(verified);
                faults.reached(Point.AFTER_VERIFY, batchNo);
                finishBatch(verified, options);
                done += batch.size();
                processedThisRun += batch.size();
                position = verified.lastKey();
                batchNo++;
                progress.archived(done);
                throttle(options.maxDocsPerSecond(), processedThisRun, started);
            }
        } finally {
            cursor.close();
        }
    }

    private List<Document> take(MongoCursor<Document> cursor) {
        List<Document> batch = new ArrayList<>(batchSize);
        while (batch.size() < batchSize && cursor.hasNext()) {
            batch.add(cursor.next());
        }
        return batch;
    }

    private Batch writeAndVerify(UUID id, int batchNo, List<Document> batch, ArchiveOptions options) throws Exception {
        List<String> written = files.write(id.toString(), batchNo, options.timeField(), batch);
        faults.reached(Point.AFTER_WRITE, batchNo);
        List<Object> ids = batch.stream().map(d -> d.get("_id")).toList();
        List<Document> sourceNow = collection.find(Filters.in("_id", ids)).into(new ArrayList<>());
        String mismatch = ArchiveVerifier.mismatch(batch, files.read(written), sourceNow);
        if (mismatch != null) {
            throw new ArchiveRefused("batch " + batchNo + " failed verification, nothing deleted: " + mismatch, true);
        }
        Document lastDoc = batch.get(batch.size() - 1);
        return new Batch(
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
    }

    /** Deletes exactly the batch's ids, after checking its files still hold what was verified. */
    private void finishBatch(Batch batch, ArchiveOptions options) throws Exception {
        String onDisk = ArchiveCodec.contentHash(files.read(batch.files()));
        if (!onDisk.equals(batch.contentHash())) {
            throw new ArchiveRefused(
                    "archive files of batch " + batch.batchNo()
                            + " no longer match their verified hash; nothing deleted",
                    false);
        }
        if (options.noDelete()) {
            checkpoints.finished(batch.requestId(), batch.batchNo(), State.KEPT);
            return;
        }
        List<Object> ids = batch.ids().stream().map(Archiver::idFromJson).toList();
        collection.deleteMany(Filters.in("_id", ids));
        checkpoints.finished(batch.requestId(), batch.batchNo(), State.DELETED);
    }

    // Keyset position on (time, _id): stable across resumes and correct in no-delete mode too.
    private MongoCursor<Document> open(ArchiveOptions options, Instant cutoff, String position) {
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
                .batchSize(batchSize)
                .iterator();
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
