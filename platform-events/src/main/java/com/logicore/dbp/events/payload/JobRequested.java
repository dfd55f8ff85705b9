package com.logicore.dbp.events.payload;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicore.dbp.events.RequestType;

/**
 * Approved work for a worker: everything it needs to run the request, nothing it must look up elsewhere.
 *
 * @param directives what policy decided the worker must apply, by request type (never {@code null}, may be empty):
 *     SCHEMA_CHANGE/ROLLBACK/CREATE_INDEX {@code lockTimeout}, {@code statementTimeout} (PostgreSQL interval text),
 *     {@code allowOutOfOrder}; DATA_EXPORT and ACCESS_GRANT {@code masking}: [{table, column, method, keep}] for every
 *     catalogued PII column of the touched tables and {@code unmasked} (true only when a data owner approved it);
 *     DATA_EXPORT {@code rowLimit}; ACCESS_GRANT {@code expiresAt} (ISO-8601)
 */
public record JobRequested(
        String requestId,
        RequestType type,
        String team,
        String submittedBy,
        String targetDatabase,
        String targetSchema,
        JsonNode payload,
        JsonNode directives)
        implements EventPayload {

    /** The record key on {@code dbp.jobs.migration}: jobs on one schema stay in order. */
    public String schemaKey() {
        return targetDatabase + "/" + targetSchema;
    }
}
