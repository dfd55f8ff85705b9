package com.logicore.dbp.requests.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.events.payload.ApprovalRecorded;
import com.logicore.dbp.requests.auth.Caller;
import com.logicore.dbp.requests.auth.CallerContext;
import com.logicore.dbp.requests.config.IntakeConfig;
import com.logicore.dbp.requests.intake.RequestValidator;
import com.logicore.dbp.requests.lifecycle.RequestState;
import com.logicore.dbp.requests.policy.PolicyPrecheck;
import com.logicore.dbp.requests.rest.dto.DecisionBody;
import com.logicore.dbp.requests.rest.dto.RequestPage;
import com.logicore.dbp.requests.rest.dto.RequestView;
import com.logicore.dbp.requests.rest.problem.ProblemException;
import com.logicore.dbp.requests.service.RequestActions;
import com.logicore.dbp.requests.service.RequestIntake;
import com.logicore.dbp.requests.service.RequestQueries;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Submit, read, cancel, approve and reject requests; revoke access grants early. */
@Path("/api/v1/requests")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "token")
public class RequestResource {

    private static final int MAX_IDEMPOTENCY_KEY = 200;

    private final CallerContext callers;
    private final RequestValidator validator;
    private final RequestIntake intake;
    private final RequestQueries queries;
    private final RequestActions actions;
    private final IntakeConfig config;
    private final PolicyPrecheck precheck;

    public RequestResource(
            CallerContext callers,
            Validator beanValidator,
            IntakeConfig config,
            RequestIntake intake,
            RequestQueries queries,
            RequestActions actions,
            PolicyPrecheck precheck) {
        this.precheck = precheck;
        this.callers = callers;
        this.validator = new RequestValidator(beanValidator, config.targetDatabases());
        this.config = config;
        this.intake = intake;
        this.queries = queries;
        this.actions = actions;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Submit a request",
            description = "Answers 202 with the request; the same Idempotency-Key and body"
                    + " returns the same request, the same key with another body is a 409.")
    public Uni<Response> submit(String body, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        var caller = callers.caller();
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY)) {
            throw ProblemException.badRequest(
                    "invalid-idempotency-key",
                    "Idempotency-Key must be 1 to " + MAX_IDEMPOTENCY_KEY + " characters",
                    "Idempotency-Key");
        }
        var validated = validator.validate(body);
        return intake.submit(caller, validated, idempotencyKey)
                .map(accepted -> Response.accepted(RequestView.of(accepted.request(), null))
                        .location(URI.create("/api/v1/requests/" + accepted.request().id))
                        .header("Idempotent-Replayed", accepted.replayed())
                        .build());
    }

    @POST
    @Path("/evaluate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Pre-check a request without submitting it",
            description = "Validates the body like a submission and answers the decision policy would take: outcome,"
                    + " risk, findings and the approvals it would need. Nothing is stored; for teams' CI pipelines.")
    public Uni<JsonNode> evaluate(String body) {
        var caller = callers.caller();
        return precheck.evaluate(caller, validator.validate(body));
    }

    @GET
    @Operation(
            summary = "List requests, newest first",
            description = "Filters: state, type, team, since/until"
                    + " (ISO-8601); page with limit and the cursor of the previous page.")
    public Uni<RequestPage> list(
            @QueryParam("state") String state,
            @QueryParam("type") String type,
            @QueryParam("team") String team,
            @QueryParam("since") String since,
            @QueryParam("until") String until,
            @QueryParam("cursor") String cursor,
            @QueryParam("limit") Integer limit) {
        int pageSize = limit == null ? 50 : limit;
        if (pageSize < 1 || pageSize > config.maxPageSize()) {
            throw ProblemException.invalidField("limit", "must be between 1 and " + config.maxPageSize());
        }
        var filter = new RequestQueries.Filter(
                enumParam(RequestState.class, state, "state"),
                enumParam(RequestType.class, type, "type"),
                team,
                timeParam(since, "since"),
                timeParam(until, "until"),
                cursor,
                pageSize);
        return queries.list(callers.caller(), filter);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One request with its full timeline")
    public Uni<RequestView> get(@PathParam("id") String id) {
        return queries.get(callers.caller(), uuid(id));
    }

    @POST
    @Path("/{id}/cancel")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Withdraw a request that has not been decided yet")
    public Uni<RequestView> cancel(@PathParam("id") String id, String body) {
        UUID requestId = uuid(id);
        var caller = callers.caller();
        return actions.cancel(caller, requestId, comment(body)).flatMap(done -> queries.get(caller, requestId));
    }

    @POST
    @Path("/{id}/revoke")
    @Consumes(MediaType.WILDCARD)
    @Operation(
            summary = "End an active access grant now (its requester, an admin or a DBA)",
            description = "Answers 202: the migration worker drops the role and ends its sessions, then the request"
                    + " moves to EXPIRED. 409 when the request is not a granted (SUCCEEDED) ACCESS_GRANT.")
    public Uni<Response> revoke(@PathParam("id") String id, String body) {
        UUID requestId = uuid(id);
        var caller = callers.caller();
        return acceptedView(caller, requestId, actions.revoke(caller, requestId, comment(body)));
    }

    @POST
    @Path("/{id}/approve")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Approve a request awaiting approval (APPROVER role, never one's own request)")
    public Uni<Response> approve(@PathParam("id") String id, String body) {
        return decide(id, ApprovalRecorded.Decision.APPROVE, body);
    }

    @POST
    @Path("/{id}/reject")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Reject a request awaiting approval (APPROVER role, never one's own request)")
    public Uni<Response> reject(@PathParam("id") String id, String body) {
        return decide(id, ApprovalRecorded.Decision.REJECT, body);
    }

    private Uni<Response> decide(String id, ApprovalRecorded.Decision decision, String body) {
        UUID requestId = uuid(id);
        var caller = callers.caller();
        return acceptedView(caller, requestId, actions.decide(caller, requestId, decision, comment(body)));
    }

    /** 202 with the request as it is once the action is recorded: its outcome arrives later, as events. */
    private Uni<Response> acceptedView(Caller caller, UUID requestId, Uni<Void> action) {
        return action.flatMap(done -> queries.get(caller, requestId))
                .map(view -> Response.accepted(view).build());
    }

    /** The optional JSON body {"comment": "..."}; no body (and no Content-Type) is fine. */
    private static String comment(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        DecisionBody decision;
        try {
            decision = EventJson.mapper().readValue(body, DecisionBody.class);
        } catch (java.io.IOException e) {
            throw ProblemException.badRequest("malformed-json", "the body must be {\"comment\": \"...\"}", null);
        }
        if (decision.comment() != null && decision.comment().length() > 2_000) {
            throw ProblemException.invalidField("comment", "must be at most 2000 characters");
        }
        return decision.comment();
    }

    /** A request id from the path; one that is not a UUID names no request (404, like an unknown one). */
    static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no request " + id);
        }
    }

    private static <E extends Enum<E>> E enumParam(Class<E> type, String value, String name) {
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(
                    "invalid-parameter",
                    name + " must be one of " + java.util.Arrays.toString(type.getEnumConstants()),
                    name);
        }
    }

    private static OffsetDateTime timeParam(String value, String name) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(
                    "invalid-parameter", name + " must be an ISO-8601 timestamp like 2026-11-25T10:00:00Z", name);
        }
    }
}
