package com.logicore.dbp.events.payload;

import java.time.Instant;
import java.util.List;

/**
 * A person decided on a request awaiting approval; approval-service turns it into the request's decision.
 *
 * @param approverIsReviewer the approver belongs to a reviewer team (the DBAs), so counts as a DBA approval
 */
public record ApprovalRecorded(
        String requestId,
        Decision decision,
        String approver,
        String approverTeam,
        List<String> approverRoles,
        boolean approverIsReviewer,
        String comment,
        Instant decidedAt)
        implements EventPayload {

    /** What the approver said. */
    public enum Decision {
        APPROVE,
        REJECT
    }
}
