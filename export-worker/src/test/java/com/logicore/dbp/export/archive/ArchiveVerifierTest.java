package com.logicore.dbp.export.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

/** What lets a batch be deleted, and what stops it: its files, and its source span read again before the delete. */
class ArchiveVerifierTest {

    private static final Instant T0 = Instant.parse("2026-09-01T00:00:00Z");

    private static Document fix(int second, int speed) {
        return new Document("_id", new ObjectId())
                .append("driverId", "drv-0001")
                .append("recordedAt", Date.from(T0.plusSeconds(second)))
                .append("speedKmh", (long) speed);
    }

    private static List<Document> batch() {
        return List.of(fix(10, 30), fix(20, 31), fix(30, 32), fix(40, 33));
    }

    private static List<Document> copies(List<Document> documents) {
        List<Document> copies = new ArrayList<>();
        documents.forEach(d -> copies.add(new Document(d)));
        return copies;
    }

    /** As the worker reads them: raw BSON. */
    private static List<RawBsonDocument> raw(List<Document> documents) {
        return documents.stream()
                .map(d -> new RawBsonDocument(d, new DocumentCodec()))
                .toList();
    }

    private static String sourceMismatch(List<Document> batch, List<Document> span) {
        return ArchiveVerifier.sourceMismatch(raw(batch), raw(span), "recordedAt");
    }

    @Test
    void anUnchangedSpanInAnyOrderVerifies() {
        List<Document> batch = batch();
        List<Document> span = copies(batch);
        java.util.Collections.reverse(span);
        assertThat(sourceMismatch(batch, span)).isNull();
    }

    @Test
    void aDocumentChangedSinceItWasReadStopsTheDelete() {
        List<Document> batch = batch();
        List<Document> span = copies(batch);
        span.get(2).put("speedKmh", 99L);
        assertThat(sourceMismatch(batch, span))
                .contains(batch.get(2).getObjectId("_id").toHexString())
                .contains("changed in the source");
    }

    @Test
    void aChangeOfTypeAloneStopsTheDeleteToo() {
        // 32 and 32L are equal numbers, but the archive holds the BSON as it was: an int64 rewritten as an int32 is a
        // change.
        List<Document> batch = batch();
        List<Document> span = copies(batch);
        span.get(0).put("speedKmh", 30);
        assertThat(sourceMismatch(batch, span)).contains("changed in the source");
    }

    @Test
    void aDocumentGoneOrMovedOutOfTheSpanStopsTheDelete() {
        List<Document> batch = batch();
        List<Document> span = copies(batch);
        span.remove(1);
        assertThat(sourceMismatch(batch, span)).contains("no longer in the source");
    }

    @Test
    void aDocumentAddedInsideTheSpanStopsTheDelete() {
        List<Document> batch = batch();
        List<Document> span = copies(batch);
        span.add(fix(25, 40));
        assertThat(sourceMismatch(batch, span)).contains("was added inside");
    }

    @Test
    void documentsOfTheNeighbouringBatchesAtTheSpansEndInstantsAreTheirs() {
        // The archive order breaks time ties by _id: another fix at the first or last instant belongs to the batch
        // before or after, which checks it itself.
        List<Document> batch = batch();
        List<Document> span = copies(batch);
        span.add(fix(10, 50));
        span.add(fix(40, 51));
        assertThat(sourceMismatch(batch, span)).isNull();
    }

    @Test
    void filesMustHoldTheSameCountAndHashAsTheBatch() {
        List<String> lines = batch().stream().map(ArchiveCodec::line).toList();
        var expected = ArchiveCodec.digest(lines);
        assertThat(ArchiveVerifier.filesMismatch(expected, ArchiveCodec.digest(lines)))
                .isNull();
        assertThat(ArchiveVerifier.filesMismatch(expected, ArchiveCodec.digest(lines.subList(0, 3))))
                .contains("hold 3 documents, the batch had 4");
        List<String> reordered = new ArrayList<>(lines);
        java.util.Collections.swap(reordered, 0, 1);
        assertThat(ArchiveVerifier.filesMismatch(expected, ArchiveCodec.digest(reordered)))
                .contains("content differs");
    }

    @Test
    void aRestoreMustReadBackEveryArchivedDocumentUnchanged() {
        List<Document> archived = batch();
        assertThat(ArchiveVerifier.restoreMismatch(archived, copies(archived))).isNull();
        List<Document> readBack = copies(archived);
        readBack.remove(3);
        assertThat(ArchiveVerifier.restoreMismatch(archived, readBack)).contains("missing after the restore");
        readBack = copies(archived);
        readBack.get(0).put("driverId", "drv-0002");
        assertThat(ArchiveVerifier.restoreMismatch(archived, readBack)).contains("differs from its archive");
    }
}
