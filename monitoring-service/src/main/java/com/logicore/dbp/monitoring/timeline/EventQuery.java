package com.logicore.dbp.monitoring.timeline;

import com.mongodb.client.model.Filters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Filters ops apply to the timeline and the live stream; a null filter passes everything.
 *
 * @param type a request type ({@code CREATE_INDEX}), a short event type ({@code request.approved}) or a full CloudEvents
 *     type ({@code com.logicore.dbp.request.approved.v1})
 * @param from inclusive lower bound on the event time
 * @param to exclusive upper bound on the event time
 */
public record EventQuery(String team, String type, String requestId, Instant from, Instant to) {

    private static final String CE_PREFIX = "com.logicore.dbp.";

    public static EventQuery all() {
        return new EventQuery(null, null, null, null, null);
    }

    boolean typeIsRequestType() {
        return type != null && type.matches("[A-Z_]+");
    }

    String ceType() {
        return type.startsWith(CE_PREFIX) ? type : CE_PREFIX + type + ".v1";
    }

    public boolean matches(TimelineEvent event) {
        if (team != null && !team.equals(event.team())) {
            return false;
        }
        if (requestId != null && !requestId.equals(event.requestId())) {
            return false;
        }
        if (type != null) {
            boolean ok = typeIsRequestType() ? type.equals(event.requestType()) : ceType().equals(event.type());
            if (!ok) {
                return false;
            }
        }
        if (from != null && event.time().isBefore(from)) {
            return false;
        }
        return to == null || event.time().isBefore(to);
    }

    /** The same filter as a MongoDB query over the {@code events} collection, after a cursor position. */
    Bson toMongo(long afterSeq) {
        List<Bson> filters = new ArrayList<>();
        filters.add(Filters.gt("seq", afterSeq));
        filters.add(Filters.exists("gap", false));
        if (team != null) {
            filters.add(Filters.eq("team", team));
        }
        if (requestId != null) {
            filters.add(Filters.eq("requestId", requestId));
        }
        if (type != null) {
            filters.add(typeIsRequestType() ? Filters.eq("requestType", type) : Filters.eq("type", ceType()));
        }
        if (from != null) {
            filters.add(Filters.gte("time", Date.from(from)));
        }
        if (to != null) {
            filters.add(Filters.lt("time", Date.from(to)));
        }
        return filters.size() == 1 ? filters.get(0) : Filters.and(filters);
    }

    static Bson none() {
        return new Document();
    }
}
