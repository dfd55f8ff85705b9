package com.logicore.dbp.requests.rest.problem;

import io.quarkus.logging.Log;
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.hibernate.StaleObjectStateException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves the API as application/problem+json; unexpected ones without internals. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.toResponse();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String slug =
                switch (status) {
                    case 404 -> "not-found";
                    case 405 -> "method-not-allowed";
                    case 406 -> "not-acceptable";
                    case 413 -> "payload-too-large";
                    case 415 -> "unsupported-media-type";
                    default -> "http-" + status;
                };
        String detail = status == 400 ? "the request could not be read: " + e.getMessage() : e.getMessage();
        return new ProblemException(
                        status,
                        slug,
                        Response.Status.fromStatusCode(status) == null
                                ? "Error"
                                : Response.Status.fromStatusCode(status).getReasonPhrase(),
                        detail,
                        null)
                .toResponse();
    }

    @ServerExceptionMapper({OptimisticLockException.class, StaleObjectStateException.class})
    public Response concurrentChange(RuntimeException e) {
        return ProblemException.conflict(
                        "concurrent-change", "the request changed while you acted on it; read it and try again")
                .toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        Log.errorf(e, "unexpected error");
        return new ProblemException(
                        500,
                        "internal-error",
                        "Internal error",
                        "something went wrong on our side; the request id in X-Request-Id helps us find it",
                        null)
                .toResponse();
    }
}
