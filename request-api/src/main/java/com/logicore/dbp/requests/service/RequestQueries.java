package com.logicore.dbp.requests.service;

import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.requests.auth.Caller;
import com.logicore.dbp.requests.lifecycle.RequestState;
import com.logicore.dbp.requests.persistence.Request;
import com.logicore.dbp.requests.persistence.RequestEvent;
import com.logicore.dbp.requests.rest.dto.RequestPage;
import com.logicore.dbp.requests.rest.dto.RequestView;
import com.logicore.dbp.requests.rest.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** Reads requests, newest first, through a cursor that stays stable while new requests arrive. */
@ApplicationScoped
public class RequestQueries {

    /** Filters of a listing; any may be null. */
    public record Filter(
            RequestState state,
            RequestType type,
            String team,
            OffsetDateTime since,
            OffsetDateTime until,
            String cursor,
            int limit) {}

    public Uni<RequestView> get(Caller caller, UUID id) {
        return Panache.withSession(() -> Request.<Request>findById(id).flatMap(request -> {
            if (request == null || !caller.canSee(request.teamId)) {
                // Another team's request is reported as absent: its existence is not ours to reveal.
                return Uni.createFrom().failure(ProblemException.notFound("no request " + id));
            }
            return RequestEvent.timelineOf(id).map(timeline -> RequestView.of(request, timeline));
        }));
    }

    public Uni<RequestPage> list(Caller caller, Filter filter) {
        String team = filter.team();
        if (!caller.seesAllTeams()) {
            if (team != null && !team.equals(caller.teamId())) {
                throw ProblemException.forbidden(
                        "you can list only your own team's requests (" + caller.teamId() + ")");
            }
            team = caller.teamId();
        }
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (team != null) {
            where.add("teamId = :team");
            params.and("team", team);
        }
        if (filter.state() != null) {
            where.add("state = :state");
            params.and("state", filter.state());
        }
        if (filter.type() != null) {
            where.add("type = :type");
            params.and("type", filter.type());
        }
        if (filter.since() != null) {
            where.add("createdAt >= :since");
            params.and("since", filter.since());
        }
        if (filter.until() != null) {
            where.add("createdAt < :until");
            params.and("until", filter.until());
        }
        if (filter.cursor() != null) {
            Cursor cursor = Cursor.decode(filter.cursor());
            where.add("(createdAt < :cursorAt or (createdAt = :cursorAt and id < :cursorId))");
            params.and("cursorAt", cursor.createdAt()).and("cursorId", cursor.id());
        }
        String query = (where.isEmpty() ? "" : String.join(" and ", where)) + " order by createdAt desc, id desc";
        int limit = filter.limit();
        // range() is inclusive: one row more than the page tells whether another page follows.
        return Panache.withSession(() ->
                        Request.<Request>find(query, params).range(0, limit).list())
                .map(rows -> {
                    List<Request> page = rows.subList(0, Math.min(limit, rows.size()));
                    Request last = page.isEmpty() ? null : page.get(page.size() - 1);
                    String next = rows.size() > limit ? new Cursor(last.createdAt, last.id).encode() : null;
                    return new RequestPage(
                            page.stream().map(r -> RequestView.of(r, null)).toList(), next);
                });
    }

    /** Position after the last request of a page. */
    record Cursor(OffsetDateTime createdAt, UUID id) {

        String encode() {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString((createdAt + "|" + id).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String text) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|");
                return new Cursor(OffsetDateTime.parse(parts[0]), UUID.fromString(parts[1]));
            } catch (RuntimeException e) {
                throw ProblemException.badRequest("invalid-cursor", "cursor is not one this API handed out", "cursor");
            }
        }
    }
}
