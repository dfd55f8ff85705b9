package com.logicore.dbp.events.payload;

import java.time.Instant;

/** The requester's team withdrew a request before it ran. */
public record RequestCancelled(String requestId, String cancelledBy, String reason, Instant cancelledAt)
        implements EventPayload {}
