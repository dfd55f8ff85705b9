package com.logicore.dbp.events.payload;

import java.util.List;

/** A request needs people to approve it: how many, of which roles, and why. */
public record ApprovalRequired(String requestId, int approvalsNeeded, List<String> approverRoles, String reason)
        implements EventPayload {}
