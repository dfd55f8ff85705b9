package com.logicore.dbp.requests.lifecycle;

/** Where a request is in its life; see {@link RequestStateMachine} for the legal moves. */
public enum RequestState {
    SUBMITTED,
    AWAITING_APPROVAL,
    APPROVED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    REJECTED,
    CANCELLED,
    EXPIRED;

    /** No event moves a request out of a terminal state (except a succeeded grant that expires). */
    public boolean isTerminal() {
        return this == FAILED || this == REJECTED || this == CANCELLED || this == EXPIRED;
    }
}
