package com.logicore.dbp.export.archive;

import com.logicore.dbp.export.archive.ArchiveCodec.Digest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * Decides whether a batch may be deleted from the source: what its files decode to must be exactly the batch (same
 * count, same content hash in the same order), and the source's keyset range of the batch must hold exactly the
 * batch, unchanged — no document missing, changed or added in between.
 */
public final class ArchiveVerifier {

    private ArchiveVerifier() {}

    /**
     * {@code null} when verified, otherwise why not. {@code sourceRange} is the source's keyset range of the batch
     * read again (in any order); it must hold as many documents as the batch and, matched by {@code _id}, each equal
     * to the batch's — so nothing in the range is missing, changed or added.
     */
    public static String mismatch(
            Digest batch, Digest files, List<Document> batchDocuments, List<Document> sourceRange) {
        if (files.documents() != batch.documents()) {
            return "archive files hold " + files.documents() + " documents, the batch had " + batch.documents();
        }
        if (!files.sha256().equals(batch.sha256())) {
            return "archive file content differs from the documents read from the source";
        }
        if (sourceRange.size() != batchDocuments.size()) {
            return "the source's range of the batch now holds " + sourceRange.size() + " documents, the batch had "
                    + batchDocuments.size();
        }
        if (!inOrderOf(batchDocuments, sourceRange).equals(batchDocuments)) {
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
        return ordered;
    }
}
