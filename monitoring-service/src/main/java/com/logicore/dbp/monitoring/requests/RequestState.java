package com.logicore.dbp.monitoring.requests;

import com.logicore.dbp.events.EventType;
import java.util.Optional;

/**
 * A request's state as monitoring reconstructs it from events. Events of different topics can arrive out of order,
 * so a state only ever moves forward (by rank); a terminal state is final except a succeeded grant later expiring.
 */
public enum RequestState {
    SUBMITTED(0),
    AWAITING_APPROVAL(1),
    APPROVED(2),
    RUNNING(3),
    SUCCEEDED(4),
    FAILED(4),
    REJECTED(4),
    CANCELLED(4),
    EXPIRED(5);

    private final int rank;

    RequestState(int rank) {
        this.rank = rank;
    }

    public boolean terminal() {
        return rank >= 4;
    }

    /** The state an event moves a request to, if it moves it at all. */
    public static Optional<RequestState> after(EventType event) {
        return Optional.ofNullable(
                switch (event) {
                    case REQUEST_SUBMITTED -> SUBMITTED;
                    case APPROVAL_REQUIRED -> AWAITING_APPROVAL;
                    case REQUEST_APPROVED -> APPROVED;
                    case REQUEST_REJECTED -> REJECTED;
                    case REQUEST_CANCELLED -> CANCELLED;
                    case REQUEST_EXPIRED -> EXPIRED;
                    case JOB_STARTED, JOB_PROGRESS -> RUNNING;
                    case JOB_SUCCEEDED -> SUCCEEDED;
                    case JOB_FAILED -> FAILED;
                    default -> null;
                });
    }

    /** Whether a request in {@code current} (null when unknown) moves to {@code next}. */
    public static boolean moves(RequestState current, RequestState next) {
        if (current == null) {
            return true;
        }
        if (current.terminal()) {
            return next == EXPIRED && current == SUCCEEDED;
        }
        return next.rank > current.rank;
    }
}
