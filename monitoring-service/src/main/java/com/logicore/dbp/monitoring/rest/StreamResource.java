package com.logicore.dbp.monitoring.rest;

import com.logicore.dbp.monitoring.timeline.EventQuery;
import com.logicore.dbp.monitoring.timeline.LiveStream;
import com.logicore.dbp.monitoring.timeline.TimelineEvent;
import com.logicore.dbp.monitoring.timeline.TimelineStore;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** Ops watch requests move: live as Server-Sent Events, or the stored timeline. */
@Path("/api/v1")
public class StreamResource {

    private final LiveStream live;
    private final TimelineStore store;

    public StreamResource(LiveStream live, TimelineStore store) {
        this.live = live;
        this.store = store;
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Live platform events as Server-Sent Events",
            description = "Filters: team, type (a request type such as CREATE_INDEX, or an event type such as"
                    + " request.approved), requestId. Each event's SSE id is its timeline position: a client that"
                    + " reconnects with Last-Event-ID (or ?lastEventId=) first gets every stored event it missed.")
    public Multi<OutboundSseEvent> stream(
            @Context Sse sse,
            @QueryParam("team") String team,
            @QueryParam("type") String type,
            @QueryParam("requestId") String requestId,
            @QueryParam("lastEventId") String lastEventIdParam,
            @HeaderParam("Last-Event-ID") String lastEventIdHeader) {
        var query = new EventQuery(team, type, requestId, null, null);
        String resumeFrom = lastEventIdHeader != null ? lastEventIdHeader : lastEventIdParam;
        Multi<LiveStream.Streamed> events = resumeFrom == null
                ? live.events(query)
                : live.resume(query, Cursors.parse(resumeFrom, "Last-Event-ID"));
        // the JSON is written once per event, not once per client: sent as text, it is not serialized again
        return events.map(streamed -> sse.newEventBuilder()
                .id(String.valueOf(streamed.event().seq()))
                .name("event")
                .mediaType(MediaType.TEXT_PLAIN_TYPE)
                .data(String.class, streamed.json())
                .build());
    }

    @GET
    @Path("/timeline")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Stored platform events, oldest first")
    public Uni<List<TimelineEvent>> timeline(
            @QueryParam("team") String team,
            @QueryParam("requestId") String requestId,
            @QueryParam("limit") Integer limit) {
        int size = limit == null ? 200 : Math.max(1, Math.min(limit, 1000));
        return store.find(team, requestId, size);
    }
}
