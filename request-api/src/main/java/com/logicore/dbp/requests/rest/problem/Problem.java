package com.logicore.dbp.requests.rest.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem detail: a stable {@code type}, a human {@code detail}, and the offending field(s).
 *
 * @param field the first offending field, e.g. {@code payload.columns[0]}
 * @param errors every offending field with what is wrong with it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String field, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://logicore.example/problems/";

    /** One field and what is wrong with it. */
    public record FieldError(String field, String message) {}
}
