package com.logicore.dbp.requests.rest.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.requests.persistence.Request;
import com.logicore.dbp.requests.persistence.RequestEvent;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;

/** A request as the API shows it; {@code timeline} only on the single-request view. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RequestView(
        String id,
        String type,
        String team,
        String state,
        Target target,
        JsonNode payload,
        String reason,
        String submittedBy,
        String risk,
        Integer progressPercent,
        JsonNode result,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        List<TimelineEntry> timeline) {

    /** Where the request acts. */
    public record Target(String database, String schema) {}

    /** One line of the timeline. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TimelineEntry(
            String kind,
            String from,
            String to,
            String actor,
            String reason,
            JsonNode findings,
            String eventType,
            OffsetDateTime at) {

        static TimelineEntry of(RequestEvent line) {
            return new TimelineEntry(
                    line.kind.name(),
                    line.fromState == null ? null : line.fromState.name(),
                    line.toState == null ? null : line.toState.name(),
                    line.actor,
                    line.reason,
                    json(line.findings),
                    line.eventType,
                    line.at);
        }
    }

    public static RequestView of(Request r, List<RequestEvent> timeline) {
        return new RequestView(
                r.id.toString(),
                r.type.name(),
                r.teamId,
                r.state.name(),
                new Target(r.targetDatabase, r.targetSchema),
                json(r.payload),
                r.reason,
                r.submittedBy,
                r.risk,
                r.progressPercent,
                json(r.result),
                r.createdAt,
                r.updatedAt,
                timeline == null
                        ? null
                        : timeline.stream().map(TimelineEntry::of).toList());
    }

    private static JsonNode json(String text) {
        return text == null ? null : EventJson.read(text.getBytes(StandardCharsets.UTF_8), JsonNode.class);
    }
}
