package com.logicore.dbp.requests.rest;

import com.logicore.dbp.requests.auth.CallerContext;
import com.logicore.dbp.requests.grants.GrantCredentials;
import com.logicore.dbp.requests.service.RequestQueries;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** The login of an active access grant, for the member who requested it. */
@Path("/api/v1/requests/{id}/credentials")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "token")
public class CredentialsResource {

    private final RequestQueries queries;
    private final CallerContext callers;
    private final GrantCredentials credentials;

    public CredentialsResource(RequestQueries queries, CallerContext callers, GrantCredentials credentials) {
        this.queries = queries;
        this.callers = callers;
        this.credentials = credentials;
    }

    @GET
    @Operation(
            summary = "Connection details of a granted access (its requester only)",
            description = "host, port, database, schema, user, password, expiresAt. 403 for anyone but the requester,"
                    + " 409 while the grant is not (or no longer) active. Never cached.")
    public Uni<Response> get(@PathParam("id") String id) {
        var caller = callers.caller();
        return queries.get(caller, RequestResource.uuid(id))
                .flatMap(request -> credentials.of(caller, request))
                .map(details ->
                        Response.ok(details).header("Cache-Control", "no-store").build());
    }
}
