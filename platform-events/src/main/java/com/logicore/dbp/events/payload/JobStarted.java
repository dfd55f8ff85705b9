package com.logicore.dbp.events.payload;

/** A worker began executing a request. */
public record JobStarted(String requestId, String worker, String detail) implements EventPayload {}
