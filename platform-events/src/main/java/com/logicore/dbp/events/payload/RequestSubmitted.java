package com.logicore.dbp.events.payload;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicore.dbp.events.RequestType;
import java.time.Instant;

/**
 * A team submitted a request. {@code payload} is the type-specific body, already validated by request-api.
 *
 * @param targetDatabase the logical target database, e.g. {@code logicore}
 * @param targetSchema the schema (or Mongo collection namespace) the request touches
 */
public record RequestSubmitted(
        String requestId,
        RequestType type,
        String team,
        String submittedBy,
        String targetDatabase,
        String targetSchema,
        JsonNode payload,
        Instant submittedAt)
        implements EventPayload {}
