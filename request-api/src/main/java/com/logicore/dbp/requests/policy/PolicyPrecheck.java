package com.logicore.dbp.requests.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.requests.auth.Caller;
import com.logicore.dbp.requests.auth.Role;
import com.logicore.dbp.requests.intake.ValidatedRequest;
import com.logicore.dbp.requests.rest.problem.ProblemException;
import io.quarkus.logging.Log;
import io.smallrye.config.ConfigMapping;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * A team's pre-check (from its CI): the decision policy would take on a request, without submitting it. The request
 * is validated exactly like a submission, then evaluated by approval-service, which stores and emits nothing.
 */
@ApplicationScoped
public class PolicyPrecheck {

    /** How request-api reaches the policy API. */
    @ConfigMapping(prefix = "dbp.policy-client")
    public interface Config {
        /** approval-service's service token (its dbp.policy.service-token); without it pre-checks are unavailable. */
        Optional<String> token();
    }

    private final PolicyClient policy;
    private final Config config;

    public PolicyPrecheck(@RestClient PolicyClient policy, Config config) {
        this.policy = policy;
        this.config = config;
    }

    public Uni<JsonNode> evaluate(Caller caller, ValidatedRequest request) {
        if (caller.teamId() == null || !caller.has(Role.REQUESTER)) {
            throw ProblemException.forbidden("pre-checking requests needs the REQUESTER role of a team");
        }
        String token = config.token().orElseThrow(() -> unavailable("pre-checks are not configured"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", request.type().name());
        body.put("team", caller.teamId());
        body.put("submittedBy", caller.username());
        body.put("database", request.targetDatabase());
        body.put("schema", request.targetSchema());
        body.put("payload", EventJson.read(request.payloadJson().getBytes(StandardCharsets.UTF_8), JsonNode.class));
        return policy.evaluate("Bearer " + token, EventJson.mapper().valueToTree(body))
                .onFailure()
                .transform(e -> {
                    Log.warnf("policy pre-check failed: %s", e.getMessage());
                    return unavailable("the policy service did not answer; try again shortly");
                });
    }

    /**
     * The policy in force, with the settings that apply to the caller's team on {@code database} (defaults merged with
     * the environment's, the database's and the team's layers).
     */
    public Uni<JsonNode> policyInForce(Caller caller, String database) {
        String token = config.token().orElseThrow(() -> unavailable("the policy API is not configured"));
        return policy.policy("Bearer " + token, database, caller.teamId())
                .onFailure()
                .transform(e -> {
                    Log.warnf("policy lookup failed: %s", e.getMessage());
                    return unavailable("the policy service did not answer; try again shortly");
                });
    }

    private static ProblemException unavailable(String detail) {
        return new ProblemException(503, "policy-unavailable", "Policy unavailable", detail, null);
    }
}
