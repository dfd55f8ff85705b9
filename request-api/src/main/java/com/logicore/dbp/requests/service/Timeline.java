package com.logicore.dbp.requests.service;

import com.logicore.dbp.requests.lifecycle.RequestState;
import com.logicore.dbp.requests.persistence.RequestEvent;
import io.smallrye.mutiny.Uni;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Appends lines to a request's timeline; call inside the transaction that makes the change. */
final class Timeline {

    private Timeline() {}

    static Uni<RequestEvent> append(
            UUID requestId,
            RequestEvent.Kind kind,
            RequestState from,
            RequestState to,
            String actor,
            String reason,
            String findingsJson,
            String eventId,
            String eventType) {
        RequestEvent line = new RequestEvent();
        line.requestId = requestId;
        line.kind = kind;
        line.fromState = from;
        line.toState = to;
        line.actor = actor;
        line.reason = reason;
        line.findings = findingsJson;
        line.eventId = eventId;
        line.eventType = eventType;
        line.at = OffsetDateTime.now(ZoneOffset.UTC);
        return line.persist();
    }
}
