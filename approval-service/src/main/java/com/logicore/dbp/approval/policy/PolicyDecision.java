package com.logicore.dbp.approval.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicore.dbp.events.payload.Finding;
import com.logicore.dbp.events.payload.PolicyEvaluated.Risk;
import java.time.Duration;
import java.util.List;

/**
 * Policy's verdict on a request.
 *
 * @param reason one sentence for the timeline
 * @param approvals the approvals still needed (empty unless NEEDS_APPROVAL)
 * @param approvalTimeout how long the approvals may take before the request EXPIRES
 * @param directives what the worker must apply when it runs the request (see {@code JobRequested})
 * @param policyVersion the version of the policy file that decided
 */
public record PolicyDecision(
        Outcome outcome,
        Risk risk,
        List<Finding> findings,
        String reason,
        List<ApprovalChain.Kind> approvals,
        Duration approvalTimeout,
        JsonNode directives,
        int policyVersion) {

    /** What happens to the request next. */
    public enum Outcome {
        AUTO_APPROVED,
        NEEDS_APPROVAL,
        REJECTED
    }
}
