package com.logicore.dbp.migration.rest;

import com.logicore.dbp.migration.config.GrantsConfig;
import com.logicore.dbp.migration.config.TargetConfig;
import com.logicore.dbp.migration.persistence.AccessGrants;
import com.logicore.dbp.runtime.security.BearerTokens;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Internal: request-api fetches an access grant's connection details here to show them to the grant's requester only
 * (never the timeline or an event). Guarded by the service token; the answer is never cached or logged.
 */
@Path("/internal/v1/grants")
public class GrantCredentialsResource {

    private static final String PROBLEM = "application/problem+json";

    private final AccessGrants grants;
    private final GrantsConfig config;
    private final TargetConfig target;

    public GrantCredentialsResource(AccessGrants grants, GrantsConfig config, TargetConfig target) {
        this.grants = grants;
        this.config = config;
        this.target = target;
    }

    @GET
    @Path("/{requestId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public Response credentials(
            @PathParam("requestId") String requestId, @HeaderParam("Authorization") String authorization)
            throws SQLException {
        if (!BearerTokens.matches(authorization, config.serviceToken())) {
            return problem(401, "unauthorized", "a valid service token is required");
        }
        UUID id;
        try {
            id = UUID.fromString(requestId);
        } catch (IllegalArgumentException e) {
            return problem(400, "invalid-request-id", "requestId must be a UUID");
        }
        var found = grants.credentials(id);
        if (found.isEmpty()) {
            return problem(404, "grant-not-found", "no access grant for request " + requestId);
        }
        var grant = found.get();
        if (grant.revoked() || grant.expiresAt().isBefore(Instant.now())) {
            return problem(410, "grant-expired", "the access grant expired at " + grant.expiresAt());
        }
        URI url = URI.create(target.jdbcUrl().substring("jdbc:".length()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestId", requestId);
        body.put("host", url.getHost());
        body.put("port", url.getPort() < 0 ? 5432 : url.getPort());
        body.put("database", url.getPath().substring(1));
        body.put("schema", grant.schema());
        body.put("user", grant.role());
        body.put("password", grant.password());
        body.put("expiresAt", grant.expiresAt().toString());
        return Response.ok(body).header("Cache-Control", "no-store").build();
    }

    private static Response problem(int status, String type, String detail) {
        return Response.status(status)
                .type(PROBLEM)
                .entity(Map.of(
                        "type", "https://dbp.logicore.example/problems/" + type, "status", status, "detail", detail))
                .build();
    }
}
