package com.logicore.dbp.approval.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicore.dbp.approval.config.PolicyConfig;
import com.logicore.dbp.approval.policy.PolicyDecision;
import com.logicore.dbp.approval.policy.PolicyFile;
import com.logicore.dbp.approval.service.DecisionService;
import com.logicore.dbp.approval.service.PolicyStore;
import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.events.payload.Finding;
import com.logicore.dbp.events.payload.RequestSubmitted;
import com.logicore.dbp.runtime.security.BearerTokens;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Policy as a dry run: the decision a request would get, nothing stored or emitted. Called by request-api (which
 * authenticates the team and validates the request) with the internal service token.
 */
@Path("/api/v1/policy")
@Produces(MediaType.APPLICATION_JSON)
public class PolicyResource {

    /** A request to evaluate, as request-api forwards it. */
    public record EvaluateBody(
            String type, String team, String submittedBy, String database, String schema, JsonNode payload) {}

    /** The decision: outcome, risk, findings, and which approvals it would need. */
    public record EvaluationView(
            String outcome,
            String risk,
            String reason,
            List<Finding> findings,
            List<String> approvalsNeeded,
            JsonNode directives,
            int policyVersion) {}

    private final DecisionService decisions;
    private final PolicyConfig config;
    private final PolicyStore policies;

    public PolicyResource(DecisionService decisions, PolicyConfig config, PolicyStore policies) {
        this.decisions = decisions;
        this.config = config;
        this.policies = policies;
    }

    @POST
    @Path("/evaluate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "The decision a request would get, without submitting it (internal: request-api only)")
    public Uni<Response> evaluate(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, EvaluateBody body) {
        if (!authorized(authorization)) {
            return Uni.createFrom()
                    .item(problem(401, "unauthenticated", "this endpoint is for request-api's service token"));
        }
        if (body == null
                || body.type() == null
                || body.team() == null
                || body.database() == null
                || body.schema() == null
                || body.payload() == null) {
            return Uni.createFrom()
                    .item(problem(400, "invalid-request", "type, team, database, schema and payload are required"));
        }
        RequestType type;
        try {
            type = RequestType.valueOf(body.type());
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(problem(400, "unknown-request-type", "unknown request type " + body.type()));
        }
        var request = new RequestSubmitted(
                UUID.randomUUID().toString(),
                type,
                body.team(),
                body.submittedBy(),
                body.database(),
                body.schema(),
                body.payload(),
                Instant.now());
        return decisions.evaluateOnly(request).map(decision -> Response.ok(view(decision))
                .build());
    }

    private static EvaluationView view(PolicyDecision decision) {
        List<String> approvals = decision.approvals().stream().map(Enum::name).toList();
        return new EvaluationView(
                decision.outcome().name(),
                decision.risk().name(),
                decision.reason(),
                decision.findings(),
                approvals,
                decision.directives(),
                decision.policyVersion());
    }

    /** The policy in force: its source, version and content; with database and team, the settings they get. */
    public record PolicyView(
            int version,
            String source,
            String sha256,
            Instant loadedAt,
            String environment,
            PolicyStore.Refusal lastRefusal,
            JsonNode policy,
            JsonNode effective) {}

    @GET
    @Operation(
            summary = "The policy in force (internal: request-api serves it to teams)",
            description = "With database and team, `effective` holds the settings that apply to that team's requests"
                    + " after merging defaults, environment, database and team layers.")
    public Response policy(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("database") String database,
            @QueryParam("team") String team) {
        if (!authorized(authorization)) {
            return problem(401, "unauthenticated", "this endpoint is for request-api's service token");
        }
        PolicyStore.Loaded loaded = policies.current();
        JsonNode effective = database == null && team == null
                ? null
                : PolicyFile.toJson(loaded.rules().settingsFor(database, team));
        return Response.ok(new PolicyView(
                        loaded.rules().file().version(),
                        loaded.source(),
                        loaded.sha256(),
                        loaded.loadedAt(),
                        policies.environment(),
                        policies.lastRefusal().orElse(null),
                        loaded.rules().file().toJson(),
                        effective))
                .build();
    }

    @POST
    @Path("/reload")
    @Operation(summary = "Re-read the policy file now; 422 with the reasons when the changed file is invalid")
    public Response reload(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        if (!authorized(authorization)) {
            return problem(401, "unauthenticated", "this endpoint is for request-api's service token");
        }
        return policies.reload()
                .map(refusal -> problem(
                        422,
                        "invalid-policy",
                        refusal.reason() + " — version "
                                + policies.current().rules().file().version() + " stays in force"))
                .orElseGet(() -> policy(authorization, null, null));
    }

    private boolean authorized(String authorization) {
        return BearerTokens.matches(authorization, config.serviceToken());
    }

    private static Response problem(int status, String slug, String detail) {
        return Response.status(status)
                .type("application/problem+json")
                .entity(Map.of("type", "https://logicore.example/problems/" + slug, "status", status, "detail", detail))
                .build();
    }
}
