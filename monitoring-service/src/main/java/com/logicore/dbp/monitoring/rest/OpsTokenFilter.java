package com.logicore.dbp.monitoring.rest;

import com.logicore.dbp.monitoring.config.MonitoringConfig;
import com.logicore.dbp.runtime.security.BearerTokens;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Every {@code /api/} call needs the ops token; compared in constant time. */
public class OpsTokenFilter {

    private final MonitoringConfig config;

    public OpsTokenFilter(MonitoringConfig config) {
        this.config = config;
    }

    @ServerRequestFilter(nonBlocking = true)
    public Response authenticate(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/api/")) {
            return null;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String expected = config.opsToken().orElse(null);
        boolean ok = BearerTokens.matches(header, config.opsToken());
        if (ok) {
            return null;
        }
        return Response.status(401)
                .type("application/problem+json")
                .header("WWW-Authenticate", "Bearer realm=\"dbp-ops\"")
                .entity(Map.of(
                        "type",
                        "https://logicore.example/problems/unauthenticated",
                        "title",
                        "Authentication required",
                        "status",
                        401,
                        "detail",
                        expected == null
                                ? "the ops API is closed: no dbp.monitoring.ops-token is configured"
                                : "send the ops token: Authorization: Bearer <token>"))
                .build();
    }
}
