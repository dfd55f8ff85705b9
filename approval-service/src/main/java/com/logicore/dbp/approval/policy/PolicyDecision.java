package com.logicore.dbp.approval.policy;

import com.logicore.dbp.events.payload.Finding;
import com.logicore.dbp.events.payload.PolicyEvaluated.Risk;
import java.util.List;

/**
 * Policy's verdict on a request.
 *
 * @param reason one sentence for the timeline
 */
public record PolicyDecision(Outcome outcome, Risk risk, List<Finding> findings, String reason) {

    /** What happens to the request next. */
    public enum Outcome {
        AUTO_APPROVED,
        NEEDS_APPROVAL,
        REJECTED
    }
}
