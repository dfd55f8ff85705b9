package com.logicore.dbp.requests.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicore.dbp.requests.auth.CallerContext;
import com.logicore.dbp.requests.config.IntakeConfig;
import com.logicore.dbp.requests.policy.PolicyPrecheck;
import com.logicore.dbp.requests.rest.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The policy in force, for every member: what decides their requests, and the PII catalog exports are masked by. */
@Path("/api/v1/policy")
@Produces(MediaType.APPLICATION_JSON)
public class PolicyResource {

    private final PolicyPrecheck policy;
    private final CallerContext callers;
    private final IntakeConfig intake;

    public PolicyResource(PolicyPrecheck policy, CallerContext callers, IntakeConfig intake) {
        this.policy = policy;
        this.callers = callers;
        this.intake = intake;
    }

    @GET
    @Operation(
            summary = "The policy in force",
            description = "Version, source and content of the policy file (rules, thresholds, auto-approval, approvers,"
                    + " limits, PII catalog); `effective` holds the settings that apply to the caller's team on"
                    + " `database` (default: the first target database).")
    public Uni<JsonNode> policy(@QueryParam("database") String database) {
        String target = database == null ? intake.targetDatabases().get(0) : database;
        if (!intake.targetDatabases().contains(target)) {
            throw ProblemException.invalidField("database", "must be one of " + intake.targetDatabases());
        }
        return policy.policyInForce(callers.caller(), target);
    }
}
