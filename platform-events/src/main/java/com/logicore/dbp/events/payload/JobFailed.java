package com.logicore.dbp.events.payload;

/** A job failed; {@code retryable} says whether running it again may succeed (e.g. a lock timeout). */
public record JobFailed(String requestId, String error, boolean retryable, long durationMillis)
        implements EventPayload {}
