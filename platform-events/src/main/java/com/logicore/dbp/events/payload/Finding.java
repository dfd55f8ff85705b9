package com.logicore.dbp.events.payload;

/**
 * One thing policy noticed about a request, worded so the requester can act on it.
 *
 * @param code stable identifier, e.g. {@code ownership.not-owner}
 * @param severity how much it weighs
 * @param message what is wrong and what to do about it
 * @param field the request field it is about, e.g. {@code target.schema}; may be {@code null}
 */
public record Finding(String code, Severity severity, String message, String field) {

    /** Weight of a finding; BLOCKER findings reject a request. */
    public enum Severity {
        INFO,
        WARNING,
        BLOCKER
    }
}
