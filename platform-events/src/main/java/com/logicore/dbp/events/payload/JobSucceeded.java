package com.logicore.dbp.events.payload;

import com.fasterxml.jackson.databind.JsonNode;

/** A job finished; {@code result} is type-specific (e.g. the index name and its size). */
public record JobSucceeded(String requestId, String summary, JsonNode result, long durationMillis)
        implements EventPayload {}
