package com.logicore.dbp.approval.service;

import com.logicore.dbp.approval.persistence.Evaluation;
import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.payload.RequestExpired;
import com.logicore.dbp.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Ends approval chains nobody completed in time: the request EXPIRES and will not run. */
@ApplicationScoped
public class ApprovalExpiry {

    private final Outbox outbox;

    public ApprovalExpiry(Outbox outbox) {
        this.outbox = outbox;
    }

    @Scheduled(
            every = "${dbp.policy.expiry-check-interval:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> expireOverdue() {
        return expireOverdue(OffsetDateTime.now(ZoneOffset.UTC)).replaceWithVoid();
    }

    /** Expires every request still awaiting approval whose deadline is before {@code now}; returns how many. */
    public Uni<Integer> expireOverdue(OffsetDateTime now) {
        // Locked rows are re-checked after the lock: two instances never expire (and announce) the same request twice.
        return Panache.withTransaction(() -> Evaluation.<Evaluation>find(
                        "status = ?1 and expiresAt < ?2", Evaluation.Status.AWAITING_APPROVAL, now)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .list()
                .flatMap(overdue -> Multi.createFrom()
                        .iterable(overdue)
                        .onItem()
                        .transformToUniAndConcatenate(evaluation -> expire(evaluation, now))
                        .collect()
                        .asList()
                        .map(java.util.List::size)));
    }

    private Uni<java.util.UUID> expire(Evaluation evaluation, OffsetDateTime now) {
        String id = evaluation.requestId.toString();
        evaluation.status = Evaluation.Status.EXPIRED;
        evaluation.decidedAt = now;
        Log.infof("approval expired requestId=%s missing=%s", id, evaluation.approvalsNeeded);
        return outbox.append(
                EventType.REQUEST_EXPIRED,
                id,
                id,
                new RequestExpired(
                        id,
                        "no decision within "
                                + java.time.Duration.between(evaluation.evaluatedAt, evaluation.expiresAt)
                                        .toHours()
                                + " h; still missing: "
                                + evaluation.approvalsNeeded + ". Submit it again if it is still needed"));
    }
}
