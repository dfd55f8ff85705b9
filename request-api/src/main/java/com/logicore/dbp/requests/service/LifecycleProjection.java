package com.logicore.dbp.requests.service;

import com.logicore.dbp.events.EventEnvelope;
import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.InvalidEventException;
import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.outbox.ConsumedEvents;
import com.logicore.dbp.requests.lifecycle.LifecycleMove;
import com.logicore.dbp.requests.lifecycle.RequestState;
import com.logicore.dbp.requests.lifecycle.RequestStateMachine;
import com.logicore.dbp.requests.persistence.DeferredEvent;
import com.logicore.dbp.requests.persistence.Request;
import com.logicore.dbp.requests.persistence.RequestEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Moves requests through their states from decision and job-status events, once per event (consumed-event log),
 * recording every move in the timeline: applied, deferred (arrived early; retried after the next move) or ignored.
 */
@ApplicationScoped
public class LifecycleProjection {

    private final ConsumedEvents consumed;
    private final AdminService admin;

    public LifecycleProjection(ConsumedEvents consumed, AdminService admin) {
        this.consumed = consumed;
        this.admin = admin;
    }

    public Uni<Void> apply(EventEnvelope event, String topic) {
        EventType type = EventType.fromCeType(event.type())
                .orElseThrow(() -> new InvalidEventException("unknown CloudEvents type " + event.type()));
        UUID requestId = requestId(event);
        LifecycleMove move = LifecycleMove.of(type, event.source(), event.data());
        return Panache.withTransaction(
                () -> consumed.firstDelivery(event.id(), topic).flatMap(first -> {
                    if (!first) {
                        Log.debugf("duplicate event skipped eventId=%s requestId=%s", event.id(), requestId);
                        return Uni.createFrom().voidItem();
                    }
                    return Request.<Request>findById(requestId, LockModeType.PESSIMISTIC_WRITE)
                            .flatMap(request -> {
                                if (request == null) {
                                    throw new InvalidEventException(
                                            "no request " + requestId + " for event " + event.id());
                                }
                                return handle(request, event, type, move);
                            });
                }));
    }

    private Uni<Void> handle(Request request, EventEnvelope event, EventType type, LifecycleMove move) {
        if (move.risk() != null) {
            request.risk = move.risk();
        }
        // An approval chain that advances re-announces AWAITING_APPROVAL: information, not a move.
        boolean stillAwaiting =
                move.target() == RequestState.AWAITING_APPROVAL && request.state == RequestState.AWAITING_APPROVAL;
        if (move.target() == null || stillAwaiting) {
            if (move.progressPercent() != null && request.state == RequestState.RUNNING) {
                request.progressPercent = move.progressPercent();
                request.updatedAt = now();
            }
            if (move.isProgressOnly()) {
                return Uni.createFrom().voidItem();
            }
            return Timeline.append(
                            request.id,
                            RequestEvent.Kind.NOTE,
                            request.state,
                            request.state,
                            move.actor(),
                            move.reason(),
                            move.findingsJson(),
                            event.id(),
                            type.ceType())
                    .replaceWithVoid();
        }
        return switch (RequestStateMachine.judge(request.state, move.target())) {
            case APPLY -> applyMove(request, event.id(), type, move).flatMap(done -> drainDeferred(request));
            case DEFER -> defer(request, event, type, move);
            case IGNORE -> {
                Log.infof(
                        "event ignored requestId=%s state=%s wanted=%s eventId=%s",
                        request.id, request.state, move.target(), event.id());
                yield Timeline.append(
                                request.id,
                                RequestEvent.Kind.IGNORED,
                                request.state,
                                move.target(),
                                move.actor(),
                                "illegal transition " + request.state + " -> " + move.target() + "; state kept"
                                        + (move.reason() == null ? "" : " (" + move.reason() + ")"),
                                move.findingsJson(),
                                event.id(),
                                type.ceType())
                        .replaceWithVoid();
            }
        };
    }

    private Uni<Void> applyMove(Request request, String eventId, EventType type, LifecycleMove move) {
        RequestState from = request.state;
        request.state = move.target();
        request.updatedAt = now();
        if (move.progressPercent() != null) {
            request.progressPercent = move.progressPercent();
        }
        if (move.result() != null) {
            request.result = move.result();
        }
        Log.infof("request moved requestId=%s from=%s to=%s by=%s", request.id, from, move.target(), move.actor());
        return Timeline.append(
                        request.id,
                        RequestEvent.Kind.APPLIED,
                        from,
                        move.target(),
                        move.actor(),
                        move.reason(),
                        move.findingsJson(),
                        eventId,
                        type.ceType())
                .flatMap(line -> afterMove(request));
    }

    /** What a finished request changes beyond itself: a provisioned schema now belongs to the team that asked. */
    private Uni<Void> afterMove(Request request) {
        if (request.type == RequestType.PROVISION_SCHEMA && request.state == RequestState.SUCCEEDED) {
            return admin.recordOwner(request.targetDatabase, request.targetSchema, request.teamId);
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> defer(Request request, EventEnvelope event, EventType type, LifecycleMove move) {
        DeferredEvent deferred = new DeferredEvent();
        deferred.eventId = event.id();
        deferred.requestId = request.id;
        deferred.eventType = type.ceType();
        deferred.source = event.source();
        deferred.data = new String(event.data(), StandardCharsets.UTF_8);
        deferred.receivedAt = now();
        Log.infof(
                "event deferred requestId=%s state=%s wanted=%s eventId=%s",
                request.id, request.state, move.target(), event.id());
        return deferred.persist()
                .flatMap(saved -> Timeline.append(
                        request.id,
                        RequestEvent.Kind.DEFERRED,
                        request.state,
                        move.target(),
                        move.actor(),
                        "arrived before the request reached a state that allows it; applied once it does",
                        null,
                        event.id(),
                        type.ceType()))
                .replaceWithVoid();
    }

    /** After a move, applies deferred events that have become legal, in arrival order, until none does. */
    private Uni<Void> drainDeferred(Request request) {
        return DeferredEvent.<DeferredEvent>list("requestId = ?1 order by receivedAt", request.id)
                .flatMap(pending -> applyFirstReady(request, pending));
    }

    private Uni<Void> applyFirstReady(Request request, List<DeferredEvent> pending) {
        for (DeferredEvent deferred : pending) {
            EventType type = EventType.fromCeType(deferred.eventType).orElseThrow();
            LifecycleMove move =
                    LifecycleMove.of(type, deferred.source, deferred.data.getBytes(StandardCharsets.UTF_8));
            var verdict = RequestStateMachine.judge(request.state, move.target());
            if (verdict == RequestStateMachine.Verdict.DEFER) {
                continue;
            }
            Uni<Void> step = verdict == RequestStateMachine.Verdict.APPLY
                    ? applyMove(request, deferred.eventId, type, move)
                    : Timeline.append(
                                    request.id,
                                    RequestEvent.Kind.IGNORED,
                                    request.state,
                                    move.target(),
                                    move.actor(),
                                    "deferred event no longer applies in state " + request.state,
                                    null,
                                    deferred.eventId,
                                    type.ceType())
                            .replaceWithVoid();
            return step.flatMap(done -> deferred.delete()).flatMap(done -> drainDeferred(request));
        }
        return Uni.createFrom().voidItem();
    }

    private static UUID requestId(EventEnvelope event) {
        try {
            return UUID.fromString(event.subject());
        } catch (RuntimeException e) {
            throw new InvalidEventException("ce_subject is not a request id: " + event.subject());
        }
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
