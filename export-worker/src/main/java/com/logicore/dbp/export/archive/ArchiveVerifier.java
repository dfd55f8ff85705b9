package com.logicore.dbp.export.archive;

import com.logicore.dbp.export.archive.ArchiveCodec.Digest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.RawBsonDocument;

/**
 * Decides whether a batch may be deleted from the source: what its files hold must be exactly the batch (same count,
 * same content hash in the same order), and the source's time span of the batch, read again just before the delete,
 * must still hold every document of the batch unchanged and nothing added in between.
 */
public final class ArchiveVerifier {

    private ArchiveVerifier() {}

    /** {@code null} when the files hold exactly the batch, otherwise why not. */
    public static String filesMismatch(Digest batch, Digest files) {
        if (files.documents() != batch.documents()) {
            return "archive files hold " + files.documents() + " documents, the batch had " + batch.documents();
        }
        if (!files.sha256().equals(batch.sha256())) {
            return "archive file content differs from the documents read from the source";
        }
        return null;
    }

    /**
     * {@code null} when the source still holds the batch unchanged, otherwise why not. {@code span} is every source
     * document whose {@code timeField} lies between the batch's first and last time (inclusive), in any order. Each
     * batch document must be in it, byte for byte the BSON that was archived; any other document strictly inside the
     * span was added while the batch was archived. Others at exactly the first or last instant belong to the
     * neighbouring batches (the archive order breaks time ties by {@code _id}) and are theirs to check.
     */
    public static String sourceMismatch(List<RawBsonDocument> batch, List<RawBsonDocument> span, String timeField) {
        Map<Object, RawBsonDocument> byId = byId(span, d -> d.get("_id"));
        String missingOrChanged = firstMissingOrChanged(
                batch,
                byId,
                d -> d.get("_id"),
                ArchiveVerifier::sameBytes,
                " is no longer in the source's range of the batch (deleted or moved in time)",
                " changed in the source while being archived");
        if (missingOrChanged != null) {
            return missingOrChanged;
        }
        long first = batch.get(0).getDateTime(timeField).getValue();
        long last = batch.get(batch.size() - 1).getDateTime(timeField).getValue();
        for (RawBsonDocument other : byId.values()) {
            BsonValue time = other.get(timeField);
            if (time != null
                    && time.isDateTime()
                    && time.asDateTime().getValue() > first
                    && time.asDateTime().getValue() < last) {
                return "document " + ArchiveCodec.line(new BsonDocument("_id", other.get("_id")))
                        + " was added inside the batch's time range while it was archived";
            }
        }
        return null;
    }

    /** {@code null} when every archived document was read back from the collection equal to its archive. */
    public static String restoreMismatch(List<Document> archived, List<Document> readBack) {
        return firstMissingOrChanged(
                archived,
                byId(readBack, d -> d.get("_id")),
                d -> d.get("_id"),
                Document::equals,
                " is missing after the restore",
                " differs from its archive after the restore");
    }

    /** The first of {@code expected} not in {@code byId} (by its id) or not the same; found ones are removed. */
    private static <D> String firstMissingOrChanged(
            List<D> expected,
            Map<Object, D> byId,
            Function<D, Object> idOf,
            BiPredicate<D, D> same,
            String missing,
            String changed) {
        for (D document : expected) {
            Object id = idOf.apply(document);
            D found = byId.remove(id);
            if (found == null || !same.test(found, document)) {
                String idLine = id instanceof BsonValue bson
                        ? ArchiveCodec.line(new BsonDocument("_id", bson))
                        : ArchiveCodec.line(new Document("_id", id));
                return "document " + idLine + (found == null ? missing : changed);
            }
        }
        return null;
    }

    private static <D> Map<Object, D> byId(List<D> documents, Function<D, Object> idOf) {
        Map<Object, D> byId = new HashMap<>(documents.size() * 2);
        documents.forEach(d -> byId.put(idOf.apply(d), d));
        return byId;
    }

    /** Byte-for-byte equal BSON: stricter than equal values (field order and numeric types count too). */
    private static boolean sameBytes(RawBsonDocument a, RawBsonDocument b) {
        return a.getByteBuffer().asNIO().equals(b.getByteBuffer().asNIO());
    }
}
