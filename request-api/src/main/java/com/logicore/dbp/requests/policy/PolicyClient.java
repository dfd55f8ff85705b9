package com.logicore.dbp.requests.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** approval-service's policy API (internal): the policy in force and dry-run decisions. */
@RegisterRestClient(configKey = "policy")
@Path("/api/v1/policy")
public interface PolicyClient {

    @GET
    Uni<JsonNode> policy(
            @HeaderParam("Authorization") String authorization,
            @QueryParam("database") String database,
            @QueryParam("team") String team);

    @POST
    @Path("/evaluate")
    Uni<JsonNode> evaluate(@HeaderParam("Authorization") String authorization, JsonNode request);
}
