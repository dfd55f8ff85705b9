package com.logicore.dbp.requests.grants;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** migration-worker's internal grants API: the connection details of an access grant it created. */
@RegisterRestClient(configKey = "grants")
@Path("/internal/v1/grants")
public interface GrantsClient {

    @GET
    @Path("/{requestId}")
    Uni<JsonNode> credentials(
            @HeaderParam("Authorization") String authorization, @PathParam("requestId") String requestId);
}
