package com.logicore.dbp.events.payload;

/**
 * The request is over by time: nobody completed its approvals in time (approval-service), or its access grant ended
 * at expiry or by an early revoke (migration-worker); {@code reason} says which.
 */
public record RequestExpired(String requestId, String reason) implements EventPayload {}
