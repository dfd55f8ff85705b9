package com.logicore.dbp.export.archive;

import com.logicore.dbp.export.archive.ArchiveCodec.Digest;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

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
     * batch document must be in it and equal to what was archived; any other document strictly inside the span was
     * added while the batch was archived. Others at exactly the first or last instant belong to the neighbouring
     * batches (the archive order breaks time ties by {@code _id}) and are theirs to check.
     */
    public static String sourceMismatch(List<Document> batch, List<Document> span, String timeField) {
        Map<Object, Document> byId = byId(span);
        String missingOrChanged = firstMissingOrChanged(
                batch,
                byId,
                " is no longer in the source's range of the batch (deleted or moved in time)",
                " changed in the source while being archived");
        if (missingOrChanged != null) {
            return missingOrChanged;
        }
        Date first = (Date) batch.get(0).get(timeField);
        Date last = (Date) batch.get(batch.size() - 1).get(timeField);
        for (Document other : byId.values()) {
            Object time = other.get(timeField);
            if (time instanceof Date at && at.after(first) && at.before(last)) {
                return "document " + ArchiveCodec.line(new Document("_id", other.get("_id")))
                        + " was added inside the batch's time range while it was archived";
            }
        }
        return null;
    }

    /** {@code null} when every archived document was read back from the collection equal to its archive. */
    public static String restoreMismatch(List<Document> archived, List<Document> readBack) {
        return firstMissingOrChanged(
                archived,
                byId(readBack),
                " is missing after the restore",
                " differs from its archive after the restore");
    }

    private static String firstMissingOrChanged(
            List<Document> expected, Map<Object, Document> byId, String missing, String changed) {
        for (Document document : expected) {
            Document found = byId.remove(document.get("_id"));
            if (found == null || !found.equals(document)) {
                return "document " + ArchiveCodec.line(new Document("_id", document.get("_id")))
                        + (found == null ? missing : changed);
            }
        }
        return null;
    }

    private static Map<Object, Document> byId(List<Document> documents) {
        Map<Object, Document> byId = new HashMap<>(documents.size() * 2);
        documents.forEach(d -> byId.put(d.get("_id"), d));
        return byId;
    }
}
