package com.logicore.dbp.requests.service;

import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.payload.RequestSubmitted;
import com.logicore.dbp.outbox.Outbox;
import com.logicore.dbp.requests.auth.Caller;
import com.logicore.dbp.requests.auth.Role;
import com.logicore.dbp.requests.intake.ValidatedRequest;
import com.logicore.dbp.requests.lifecycle.RequestState;
import com.logicore.dbp.requests.persistence.Request;
import com.logicore.dbp.requests.persistence.RequestEvent;
import com.logicore.dbp.requests.rest.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.hibernate.exception.ConstraintViolationException;

/** Accepts a validated request: the request, its first timeline line and RequestSubmitted commit together. */
@ApplicationScoped
public class RequestIntake {

    /** The accepted request, and whether it was accepted earlier under the same Idempotency-Key. */
    public record Accepted(Request request, boolean replayed) {}

    private final Outbox outbox;

    public RequestIntake(Outbox outbox) {
        this.outbox = outbox;
    }

    public Uni<Accepted> submit(Caller caller, ValidatedRequest validated, String idempotencyKey) {
        if (caller.teamId() == null || !caller.has(Role.REQUESTER)) {
            throw ProblemException.forbidden("submitting requests needs the REQUESTER role of a team");
        }
        return Panache.withTransaction(() -> findByKey(caller, idempotencyKey)
                        .flatMap(existing -> existing != null
                                ? Uni.createFrom().item(replay(existing, validated, idempotencyKey))
                                : create(caller, validated, idempotencyKey)))
                // Two retries racing with the same key: the loser reads what the winner stored.
                .onFailure(RequestIntake::isUniqueViolation)
                .recoverWithUni(() -> Panache.withSession(() -> findByKey(caller, idempotencyKey))
                        .map(existing -> replay(existing, validated, idempotencyKey)));
    }

    private static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConstraintViolationException
                    || String.valueOf(t.getMessage()).contains("23505")) {
                return true;
            }
        }
        return false;
    }

    private static Uni<Request> findByKey(Caller caller, String idempotencyKey) {
        if (idempotencyKey == null) {
            return Uni.createFrom().nullItem();
        }
        return Request.<Request>find("teamId = ?1 and idempotencyKey = ?2", caller.teamId(), idempotencyKey)
                .firstResult();
    }

    private static Accepted replay(Request existing, ValidatedRequest validated, String idempotencyKey) {
        if (existing == null || !existing.bodyHash.equals(validated.bodyHash())) {
            throw ProblemException.conflict(
                    "idempotency-key-reused",
                    "Idempotency-Key '" + idempotencyKey + "' was already used for a different request"
                            + (existing == null ? "" : " (" + existing.id + ")") + "; use a new key for a new request");
        }
        return new Accepted(existing, true);
    }

    private Uni<Accepted> create(Caller caller, ValidatedRequest validated, String idempotencyKey) {
        Request request = new Request();
        request.id = UUID.randomUUID();
        request.teamId = caller.teamId();
        request.type = validated.type();
        request.state = RequestState.SUBMITTED;
        request.targetDatabase = validated.targetDatabase();
        request.targetSchema = validated.targetSchema();
        request.payload = validated.payloadJson();
        request.reason = validated.reason();
        request.submittedBy = caller.username();
        request.idempotencyKey = idempotencyKey;
        request.bodyHash = validated.bodyHash();
        request.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        request.updatedAt = request.createdAt;
        var submitted = new RequestSubmitted(
                request.id.toString(),
                request.type,
                request.teamId,
                request.submittedBy,
                request.targetDatabase,
                request.targetSchema,
                EventJson.read(
                        request.payload.getBytes(StandardCharsets.UTF_8),
                        com.fasterxml.jackson.databind.JsonNode.class),
                request.createdAt.toInstant());
        String id = request.id.toString();
        return request.<Request>persist()
                .flatMap(saved -> Timeline.append(
                        saved.id,
                        RequestEvent.Kind.APPLIED,
                        null,
                        RequestState.SUBMITTED,
                        caller.actor(),
                        validated.reason(),
                        null,
                        null,
                        null))
                .flatMap(line -> outbox.append(EventType.REQUEST_SUBMITTED, id, id, submitted))
                .invoke(() -> Log.infof(
                        "request submitted requestId=%s type=%s team=%s by=%s",
                        id, request.type, request.teamId, request.submittedBy))
                .replaceWith(new Accepted(request, false));
    }
}
