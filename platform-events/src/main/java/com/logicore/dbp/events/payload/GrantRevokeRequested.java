package com.logicore.dbp.events.payload;

import java.time.Instant;

/**
 * The requester (or an admin or DBA) ends an active access grant before its expiry. Sent by request-api on
 * {@code dbp.jobs.migration}, keyed by the grant's {@code database/schema} so it queues behind that schema's jobs; the
 * migration worker drops the role, ends its sessions and answers with {@link RequestExpired}.
 */
public record GrantRevokeRequested(String requestId, String requestedBy, String reason, Instant requestedAt)
        implements EventPayload {}
