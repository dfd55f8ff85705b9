package com.logicore.dbp.export.archive;

import com.mongodb.MongoCursorNotFoundException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Sorts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.RawBsonDocument;

/**
 * Reads the documents to archive in archive order from one cursor (one index scan for the whole run, not one query
 * per batch), batch by batch, as raw BSON (decoded only where a field is needed); if the server drops the cursor it is
 * reopened after the last document handed out.
 */
final class BatchReader implements AutoCloseable {

    private final MongoCollection<RawBsonDocument> collection;
    private final String timeField;
    private final Instant cutoff;
    private final int batchSize;
    private String position;
    private MongoCursor<RawBsonDocument> cursor;

    BatchReader(
            MongoCollection<RawBsonDocument> collection,
            String timeField,
            Instant cutoff,
            String position,
            int batchSize) {
        this.collection = collection;
        this.timeField = timeField;
        this.cutoff = cutoff;
        this.position = position;
        this.batchSize = batchSize;
    }

    /** The next batch; empty at the end. */
    List<RawBsonDocument> next() {
        List<RawBsonDocument> batch = new ArrayList<>(batchSize);
        try {
            fill(batch);
        } catch (MongoCursorNotFoundException e) {
            cursor.close();
            cursor = null;
            fill(batch);
        }
        if (!batch.isEmpty()) {
            position = KeysetRange.keyOf(batch.get(batch.size() - 1), timeField);
        }
        return batch;
    }

    private void fill(List<RawBsonDocument> batch) {
        if (cursor == null) {
            String after = batch.isEmpty() ? position : KeysetRange.keyOf(batch.get(batch.size() - 1), timeField);
            cursor = collection
                    .find(KeysetRange.filter(timeField, cutoff, after, null))
                    .sort(Sorts.ascending(timeField, "_id"))
                    .batchSize(batchSize)
                    .iterator();
        }
        while (batch.size() < batchSize && cursor.hasNext()) {
            batch.add(cursor.next());
        }
    }

    @Override
    public void close() {
        if (cursor != null) {
            cursor.close();
        }
    }
}
