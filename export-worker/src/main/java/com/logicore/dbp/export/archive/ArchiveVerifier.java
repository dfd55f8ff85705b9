package com.logicore.dbp.export.archive;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bson.Document;

/**
 * Decides whether a batch may be deleted from the source: the documents read back from its files must be exactly
 * the batch (same count, same content hash, same order), and the source must still hold every one of them unchanged.
 */
public final class ArchiveVerifier {

    private ArchiveVerifier() {}

    /** {@code null} when verified, otherwise why not. */
    public static String mismatch(List<Document> batch, List<Document> readBack, List<Document> sourceNow) {
        String expected = ArchiveCodec.contentHash(batch);
        if (readBack.size() != batch.size()) {
            return "archive file holds " + readBack.size() + " documents, the batch had " + batch.size();
        }
        if (!expected.equals(ArchiveCodec.contentHash(readBack))) {
            return "archive file content differs from the documents read from the source";
        }
        List<Document> source = inOrderOf(batch, sourceNow);
        if (source.size() != batch.size()) {
            return "the source now holds " + source.size() + " of the batch's " + batch.size() + " documents";
        }
        if (!expected.equals(ArchiveCodec.contentHash(source))) {
            return "documents changed in the source while being archived";
        }
        return null;
    }

    /** The documents of {@code others} in the order of {@code batch}, matched by {@code _id}. */
    public static List<Document> inOrderOf(List<Document> batch, List<Document> others) {
        Map<Object, Document> byId = new HashMap<>();
        others.forEach(d -> byId.put(d.get("_id"), d));
        List<Document> ordered = new ArrayList<>();
        for (Document document : batch) {
            Document match = byId.get(document.get("_id"));
            if (match != null) {
                ordered.add(match);
            }
        }
        return ordered.stream().filter(Objects::nonNull).toList();
    }
}
