package com.logicore.dbp.events.payload;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicore.dbp.events.RequestType;

/** Approved work for a worker: everything it needs to run the request, nothing it must look up elsewhere. */
public record JobRequested(
        String requestId,
        RequestType type,
        String team,
        String submittedBy,
        String targetDatabase,
        String targetSchema,
        JsonNode payload)
        implements EventPayload {

    /** The record key on {@code dbp.jobs.migration}: jobs on one schema stay in order. */
    public String schemaKey() {
        return targetDatabase + "/" + targetSchema;
    }
}
