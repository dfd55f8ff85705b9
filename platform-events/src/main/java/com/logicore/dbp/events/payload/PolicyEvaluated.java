package com.logicore.dbp.events.payload;

import java.util.List;

/**
 * Policy's verdict on a request: its findings, its risk, and what happens next.
 *
 * @param outcome {@code AUTO_APPROVED}, {@code NEEDS_APPROVAL} or {@code REJECTED}
 */
public record PolicyEvaluated(String requestId, String outcome, Risk risk, List<Finding> findings)
        implements EventPayload {

    /** How much could go wrong if the request ran unattended. */
    public enum Risk {
        LOW,
        MEDIUM,
        HIGH
    }
}
