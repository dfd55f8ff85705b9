package com.logicore.dbp.events.payload;

/** How far a long job has come; any field may be {@code null} when unknown. */
public record JobProgress(String requestId, Integer percent, Long rows, Long etaSeconds, String detail)
        implements EventPayload {}
