package com.logicore.dbp.monitoring.rest;

import com.logicore.dbp.monitoring.timeline.EventQuery;
import com.logicore.dbp.monitoring.timeline.TimelineEvent;
import com.logicore.dbp.monitoring.timeline.TimelineStore;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The stored timeline, filtered and paged with a cursor. */
@Path("/api/v1/events")
public class EventsResource {

    private final TimelineStore store;

    public EventsResource(TimelineStore store) {
        this.store = store;
    }

    /**
     * One page of events.
     *
     * @param next the cursor for the following page ({@code ?cursor=<next>}), {@code null} on the last page
     */
    public record Page(List<TimelineEvent> items, String next) {}

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Stored platform events, oldest first, with cursor paging",
            description = "Filters: team, type (request type or event type), request (request id), from/to"
                    + " (ISO-8601 instants, to exclusive). Pass the page's next as cursor for the following page.")
    public Uni<Page> events(
            @QueryParam("team") String team,
            @QueryParam("type") String type,
            @QueryParam("request") String request,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("cursor") String cursor,
            @QueryParam("limit") Integer limit) {
        int size = limit == null ? 100 : Math.max(1, Math.min(limit, 1000));
        var query = new EventQuery(team, type, request, instant(from, "from"), instant(to, "to"));
        return store.page(query, Cursors.parse(cursor, "cursor"), size)
                .map(items -> new Page(
                        items,
                        items.size() < size
                                ? null
                                : String.valueOf(items.get(items.size() - 1).seq())));
    }

    private static Instant instant(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadInput(field, "must be an ISO-8601 instant such as 2026-11-25T10:00:00Z, got '" + value + "'");
        }
    }
}
