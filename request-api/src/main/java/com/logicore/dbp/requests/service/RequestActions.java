package com.logicore.dbp.requests.service;

import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.events.payload.ApprovalRecorded;
import com.logicore.dbp.events.payload.GrantRevokeRequested;
import com.logicore.dbp.events.payload.RequestCancelled;
import com.logicore.dbp.outbox.Outbox;
import com.logicore.dbp.requests.auth.Caller;
import com.logicore.dbp.requests.auth.Role;
import com.logicore.dbp.requests.lifecycle.RequestState;
import com.logicore.dbp.requests.lifecycle.RequestStateMachine;
import com.logicore.dbp.requests.persistence.Request;
import com.logicore.dbp.requests.persistence.RequestEvent;
import com.logicore.dbp.requests.rest.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** What people do to a request after submitting it: cancel it, approve or reject it, revoke a grant early. */
@ApplicationScoped
public class RequestActions {

    private final Outbox outbox;

    public RequestActions(Outbox outbox) {
        this.outbox = outbox;
    }

    /** The requester's team (or an admin) withdraws a request that has not been decided yet. */
    public Uni<Void> cancel(Caller caller, UUID id, String comment) {
        return Panache.withTransaction(() -> lockVisible(caller, id).flatMap(request -> {
            if (!caller.isAdmin() && !request.teamId.equals(caller.teamId())) {
                throw ProblemException.forbidden("only team " + request.teamId + " may cancel its request");
            }
            if (!RequestStateMachine.canMove(request.state, RequestState.CANCELLED)) {
                throw ProblemException.conflict(
                        "illegal-transition", "a request in state " + request.state + " can no longer be cancelled");
            }
            RequestState from = request.state;
            request.state = RequestState.CANCELLED;
            request.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
            String rid = id.toString();
            return Timeline.append(
                            id,
                            RequestEvent.Kind.APPLIED,
                            from,
                            RequestState.CANCELLED,
                            caller.actor(),
                            comment,
                            null,
                            null,
                            null)
                    .flatMap(line -> outbox.append(
                            EventType.REQUEST_CANCELLED,
                            rid,
                            rid,
                            new RequestCancelled(rid, caller.username(), comment, Instant.now())))
                    .invoke(() -> Log.infof("request cancelled requestId=%s by=%s", rid, caller.username()))
                    .replaceWithVoid();
        }));
    }

    /**
     * Ends an active access grant before its expiry: the requester, an admin or a DBA asks, the migration worker drops
     * the role and ends its sessions, and its RequestExpired moves the request to EXPIRED. Nothing here changes the
     * state: the grant is only over once the worker says so. No approval is needed, it only takes access away.
     */
    public Uni<Void> revoke(Caller caller, UUID id, String comment) {
        return Panache.withTransaction(() -> lockVisible(caller, id).flatMap(request -> {
            boolean dba = caller.reviewerTeam() && caller.has(Role.APPROVER);
            if (!caller.isAdmin() && !dba && !request.submittedBy.equals(caller.username())) {
                throw ProblemException.forbidden(
                        "an access grant is revoked by its requester (" + request.submittedBy + "), an admin or a DBA");
            }
            if (request.type != RequestType.ACCESS_GRANT) {
                throw ProblemException.conflict(
                        "not-an-active-grant", "request is a " + request.type + "; only access grants are revoked");
            }
            if (request.state != RequestState.SUCCEEDED) {
                throw ProblemException.conflict(
                        "not-an-active-grant",
                        "the access grant is " + request.state + "; only a granted (SUCCEEDED) one can be revoked");
            }
            String rid = id.toString();
            return Timeline.append(
                            id,
                            RequestEvent.Kind.NOTE,
                            request.state,
                            request.state,
                            caller.actor(),
                            "early revoke requested" + (comment == null ? "" : ": " + comment),
                            null,
                            null,
                            EventType.GRANT_REVOKE_REQUESTED.ceType())
                    .flatMap(line -> outbox.append(
                            EventType.GRANT_REVOKE_REQUESTED,
                            // the worker's jobs are keyed by schema: the revoke queues behind that schema's jobs
                            request.targetDatabase + "/" + request.targetSchema,
                            rid,
                            new GrantRevokeRequested(rid, caller.actor(), comment, Instant.now())))
                    .invoke(() -> Log.infof("early revoke requested requestId=%s by=%s", rid, caller.username()))
                    .replaceWithVoid();
        }));
    }

    /**
     * Records an approver's decision. The state does not change here: approval-service owns the decision (it may need
     * more approvals) and answers with RequestApproved or RequestRejected.
     */
    public Uni<Void> decide(Caller caller, UUID id, ApprovalRecorded.Decision decision, String comment) {
        caller = requireApprover(caller);
        Caller approver = caller;
        return Panache.withTransaction(() -> lockVisible(approver, id).flatMap(request -> {
            if (!approver.reviewerTeam() && !approver.isAdmin() && !request.teamId.equals(approver.teamId())) {
                throw ProblemException.forbidden("approvers of team " + approver.teamId() + " cannot decide on team "
                        + request.teamId + "'s requests");
            }
            if (request.submittedBy.equals(approver.username())) {
                throw ProblemException.forbidden("four-eyes rule: nobody approves or rejects their own request");
            }
            if (request.state != RequestState.AWAITING_APPROVAL) {
                throw ProblemException.conflict(
                        "not-awaiting-approval", "request is " + request.state + ", not AWAITING_APPROVAL");
            }
            String rid = id.toString();
            var recorded = new ApprovalRecorded(
                    rid,
                    decision,
                    approver.username(),
                    approver.teamId(),
                    approver.roles().stream().map(Enum::name).sorted().toList(),
                    approver.reviewerTeam(),
                    comment,
                    Instant.now());
            return Timeline.append(
                            id,
                            RequestEvent.Kind.NOTE,
                            request.state,
                            request.state,
                            approver.actor(),
                            decision + (comment == null ? "" : ": " + comment),
                            null,
                            null,
                            EventType.APPROVAL_RECORDED.ceType())
                    .flatMap(line -> outbox.append(EventType.APPROVAL_RECORDED, rid, rid, recorded))
                    .invoke(() -> Log.infof(
                            "approval recorded requestId=%s decision=%s by=%s", rid, decision, approver.username()))
                    .replaceWithVoid();
        }));
    }

    private static Caller requireApprover(Caller caller) {
        if (!caller.has(Role.APPROVER)) {
            throw ProblemException.forbidden("deciding on requests needs the APPROVER role");
        }
        return caller;
    }

    private static Uni<Request> lockVisible(Caller caller, UUID id) {
        return Request.<Request>findById(id, LockModeType.PESSIMISTIC_WRITE).map(request -> {
            if (request == null || !caller.canSee(request.teamId)) {
                throw ProblemException.notFound("no request " + id);
            }
            return request;
        });
    }
}
