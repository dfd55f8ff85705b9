package com.logicore.dbp.monitoring.timeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One platform event as ops see it: what happened, to which request of which team, when, and its data.
 *
 * @param requestType the request's type (CREATE_INDEX, ...), when known
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TimelineEvent(
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
        if (teamFilter != null && !teamFilter.equals(team)) {
            return false;
        }
        if (requestIdFilter != null && !requestIdFilter.equals(requestId)) {
            return false;
        }
        if (typeFilter != null) {
            // CREATE_INDEX filters by request type; request.approved (or the full CloudEvents type) by event type
            boolean requestTypeMatch = typeFilter.equals(requestType);
            boolean eventTypeMatch = type != null && (type.equals(typeFilter) || type.contains("." + typeFilter + "."));
            return requestTypeMatch || eventTypeMatch;
        }
        return true;
    }
}
