package com.logicore.dbp.events.payload;

import java.util.List;

/** A request may run. {@code approvedBy} is {@code policy} for auto-approval, else the approvers. */
public record RequestApproved(String requestId, List<String> approvedBy, String reason) implements EventPayload {}
