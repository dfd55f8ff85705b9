package com.logicore.dbp.requests.rest.problem;

import jakarta.ws.rs.core.Response;
import java.util.List;

/** A client error to answer with a problem+json body; never changes state. */
public class ProblemException extends RuntimeException {

    private final Problem problem;

    public ProblemException(int status, String slug, String title, String detail, List<Problem.FieldError> errors) {
        super(detail);
        String field = errors == null || errors.isEmpty() ? null : errors.get(0).field();
        this.problem = new Problem(
                Problem.TYPE_BASE + slug,
                title,
                status,
                detail,
                field,
                errors == null || errors.isEmpty() ? null : errors);
    }

    public Problem problem() {
        return problem;
    }

    public Response toResponse() {
        var builder = Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
        if (problem.status() == 401) {
            builder.header("WWW-Authenticate", "Bearer realm=\"dbp\"");
        }
        return builder.build();
    }

    public static ProblemException invalidField(String field, String message) {
        return new ProblemException(
                422,
                "invalid-request",
                "Invalid request",
                field + ": " + message,
                List.of(new Problem.FieldError(field, message)));
    }

    public static ProblemException invalidFields(List<Problem.FieldError> errors) {
        String detail = errors.stream()
                .map(e -> e.field() + ": " + e.message())
                .reduce((a, b) -> a + "; " + b)
                .orElse("invalid");
        return new ProblemException(422, "invalid-request", "Invalid request", detail, errors);
    }

    public static ProblemException badRequest(String slug, String detail, String field) {
        return new ProblemException(
                400,
                slug,
                "Bad request",
                detail,
                field == null ? null : List.of(new Problem.FieldError(field, detail)));
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "unauthenticated", "Authentication required", detail, null);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "forbidden", "Not allowed", detail, null);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "not-found", "Not found", detail, null);
    }

    public static ProblemException conflict(String slug, String detail) {
        return new ProblemException(409, slug, "Conflict", detail, null);
    }
}
