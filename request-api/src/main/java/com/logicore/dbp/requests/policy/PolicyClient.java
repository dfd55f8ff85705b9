package com.logicore.dbp.requests.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** approval-service's dry-run decision API (internal). */
@RegisterRestClient(configKey = "policy")
@Path("/api/v1/policy")
public interface PolicyClient {

    @POST
    @Path("/evaluate")
    Uni<JsonNode> evaluate(@HeaderParam("Authorization") String authorization, JsonNode request);
}
