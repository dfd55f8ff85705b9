package com.logicore.dbp.events.payload;

/** Nobody completed the approvals in time; the request will not run. */
public record RequestExpired(String requestId, String reason) implements EventPayload {}
