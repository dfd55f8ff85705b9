package com.logicore.dbp.monitoring.timeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One platform event as ops see it: what happened, to which request of which team, when, and its data.
 *
 * @param seq the timeline position, increasing in storage order: the paging cursor and the SSE event id
 * @param requestType the request's type (CREATE_INDEX, ...), when known
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TimelineEvent(
        Long seq,
        String id,
        String topic,
        String type,
        String source,
        String requestId,
        String team,
        String requestType,
        Instant time,
        JsonNode data) {

    /** Whether this event passes a stream's filters (each null filter passes everything). */
    public boolean matches(String teamFilter, String typeFilter, String requestIdFilter) {
        return new EventQuery(teamFilter, typeFilter, requestIdFilter, null, null).matches(this);
    }
}
