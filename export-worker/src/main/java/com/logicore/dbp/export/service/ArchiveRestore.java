package com.logicore.dbp.export.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.payload.JobRequested;
import com.logicore.dbp.export.archive.ArchiveCodec;
import com.logicore.dbp.export.archive.ArchiveFiles;
import com.logicore.dbp.export.archive.ArchiveOptions;
import com.logicore.dbp.export.archive.ArchiveVerifier;
import com.logicore.dbp.export.config.ExportConfig;
import com.logicore.dbp.export.persistence.ArchiveCheckpoints;
import com.logicore.dbp.export.persistence.ArchiveCheckpoints.Batch;
import com.logicore.dbp.jobs.JobFailure;
import com.logicore.dbp.jobs.JobOutcome;
import com.logicore.dbp.jobs.JobRecorder;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.bson.Document;

/**
 * Puts an earlier archive run's documents back into a collection, batch by batch: each archived file is checked
 * against its recorded hash, upserted by {@code _id} (a rerun after a crash writes the same documents again, never a
 * duplicate), then read back from the collection and verified the same way the archive was.
 */
@ApplicationScoped
public class ArchiveRestore {

    private static final int READ_BACK_SLICE = 250;

    private final ArchiveCheckpoints checkpoints;
    private final JobRecorder recorder;
    private final ExportConfig config;

    public ArchiveRestore(ArchiveCheckpoints checkpoints, JobRecorder recorder, ExportConfig config) {
        this.checkpoints = checkpoints;
        this.recorder = recorder;
        this.config = config;
    }

    public JobOutcome run(
            JobRequested job, ArchiveOptions options, MongoCollection<Document> collection, ArchiveFiles files)
            throws Exception {
        UUID source;
        try {
            source = UUID.fromString(options.restoreFromRequestId());
        } catch (IllegalArgumentException e) {
            throw new JobFailure("restoreFromRequestId is not a request id", false);
        }
        List<Batch> batches = checkpoints.batches(source);
        if (batches.isEmpty()) {
            throw new JobFailure("no archive run " + source + " is recorded by this worker", false);
        }
        long total = batches.stream().mapToLong(Batch::documents).sum();
        ProgressReporter progress = new ProgressReporter(recorder, job, config.progressInterval(), total);
        long restored = 0;
        long started = System.currentTimeMillis();
        for (Batch batch : batches) {
            List<Document> documents = files.read(batch.files());
            if (!ArchiveCodec.contentHash(documents).equals(batch.contentHash())) {
                throw new JobFailure("archive files of batch " + batch.batchNo() + " do not match their hash", false);
            }
            List<ReplaceOneModel<Document>> upserts = new ArrayList<>();
            for (Document document : documents) {
                upserts.add(new ReplaceOneModel<>(
                        Filters.eq("_id", document.get("_id")), document, new ReplaceOptions().upsert(true)));
            }
            collection.bulkWrite(upserts);
            String mismatch = ArchiveVerifier.restoreMismatch(documents, readBack(collection, documents));
            if (mismatch != null) {
                throw new JobFailure("restore of batch " + batch.batchNo() + " did not verify: " + mismatch, true);
            }
            restored += documents.size();
            progress.report(restored, "documents restored");
        }
        ObjectNode result = EventJson.mapper().createObjectNode();
        result.put("restoredFrom", source.toString());
        result.put("collection", options.collection());
        result.put("documents", restored);
        result.put("batches", batches.size());
        result.put("verification", "every restored batch read back from the collection matched its archive hash");
        return new JobOutcome(
                String.format(
                        "restored %,d documents of archive run %s into %s in %d ms",
                        restored, source, options.collection(), System.currentTimeMillis() - started),
                result);
    }

    /**
     * The restored documents as the collection now holds them, by {@code _id} in slices: small {@code $in} lists stay
     * index lookups on mongod and cheap on the wire server, which matches {@code $in} by scanning the list.
     */
    private static List<Document> readBack(MongoCollection<Document> collection, List<Document> documents) {
        List<Document> found = new ArrayList<>(documents.size());
        for (int from = 0; from < documents.size(); from += READ_BACK_SLICE) {
            List<Object> ids = documents.subList(from, Math.min(documents.size(), from + READ_BACK_SLICE)).stream()
                    .map(d -> d.get("_id"))
                    .toList();
            collection.find(Filters.in("_id", ids)).into(found);
        }
        return found;
    }
}
