package com.logicore.dbp.events.payload;

import java.util.List;

/**
 * A request needs people to approve it: the approvals still missing and why. Each entry of {@code approverRoles} is
 * one approval still needed: {@code DBA} (an APPROVER of a reviewer team), {@code OWNER} (an APPROVER of the
 * requesting team) or {@code ANY} (any APPROVER). Sent again, with what is left, as a chain advances.
 */
public record ApprovalRequired(String requestId, int approvalsNeeded, List<String> approverRoles, String reason)
        implements EventPayload {}
