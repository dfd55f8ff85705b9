package com.logicore.dbp.monitoring.rest;

import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Bad query parameters become {@code application/problem+json} 400s with the offending field. */
public class BadInputMapper {

    @ServerExceptionMapper
    public Response badInput(BadInput e) {
        return Response.status(400)
                .type("application/problem+json")
                .entity(Map.of(
                        "type",
                        "https://logicore.example/problems/bad-query-parameter",
                        "title",
                        "Bad query parameter",
                        "status",
                        400,
                        "detail",
                        e.getMessage(),
                        "field",
                        e.field()))
                .build();
    }
}
