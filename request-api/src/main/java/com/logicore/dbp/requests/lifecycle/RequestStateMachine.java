package com.logicore.dbp.requests.lifecycle;

import static com.logicore.dbp.requests.lifecycle.RequestState.APPROVED;
import static com.logicore.dbp.requests.lifecycle.RequestState.AWAITING_APPROVAL;
import static com.logicore.dbp.requests.lifecycle.RequestState.CANCELLED;
import static com.logicore.dbp.requests.lifecycle.RequestState.EXPIRED;
import static com.logicore.dbp.requests.lifecycle.RequestState.FAILED;
import static com.logicore.dbp.requests.lifecycle.RequestState.REJECTED;
import static com.logicore.dbp.requests.lifecycle.RequestState.RUNNING;
import static com.logicore.dbp.requests.lifecycle.RequestState.SUBMITTED;
import static com.logicore.dbp.requests.lifecycle.RequestState.SUCCEEDED;

import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The request lifecycle of the architecture:
 *
 * <pre>
 * SUBMITTED ─policy─> APPROVED ─worker─> RUNNING ─> SUCCEEDED ─(grant expiry)─> EXPIRED
 *     │                  ^                   └────> FAILED
 *     ├─policy─> AWAITING_APPROVAL ─approvals complete─┘
 *     │                  ├─> REJECTED
 *     ├─policy─> REJECTED└─> CANCELLED / EXPIRED (approval timeout)
 *     └─> CANCELLED
 * </pre>
 *
 * <p>Events arrive on several topics, so one can overtake another (a job's start before its approval). Such an event
 * is {@link Verdict#DEFER deferred} and applied once the request catches up; an event that would move a request
 * backwards, or out of a terminal state, is {@link Verdict#IGNORE ignored}. Both are recorded in the timeline.
 */
public final class RequestStateMachine {

    private static final Map<RequestState, Set<RequestState>> NEXT = new EnumMap<>(RequestState.class);

    static {
        NEXT.put(SUBMITTED, EnumSet.of(APPROVED, AWAITING_APPROVAL, REJECTED, CANCELLED));
        NEXT.put(AWAITING_APPROVAL, EnumSet.of(APPROVED, REJECTED, CANCELLED, EXPIRED));
        NEXT.put(APPROVED, EnumSet.of(RUNNING));
        NEXT.put(RUNNING, EnumSet.of(SUCCEEDED, FAILED));
        NEXT.put(SUCCEEDED, EnumSet.of(EXPIRED));
        for (RequestState terminal : EnumSet.of(FAILED, REJECTED, CANCELLED, EXPIRED)) {
            NEXT.put(terminal, EnumSet.noneOf(RequestState.class));
        }
    }

    /** What to do with an event that wants to move a request to a state. */
    public enum Verdict {
        /** A legal next step: change the state. */
        APPLY,
        /** Legal later, not yet: keep the event and retry it after the next transition. */
        DEFER,
        /** Backwards, repeated, or out of a terminal state: record it and leave the state alone. */
        IGNORE
    }

    private RequestStateMachine() {}

    public static Verdict judge(RequestState current, RequestState wanted) {
        if (NEXT.get(current).contains(wanted)) {
            return Verdict.APPLY;
        }
        return reachableLater(current, wanted) ? Verdict.DEFER : Verdict.IGNORE;
    }

    public static boolean canMove(RequestState current, RequestState wanted) {
        return NEXT.get(current).contains(wanted);
    }

    private static boolean reachableLater(RequestState from, RequestState wanted) {
        var seen = EnumSet.noneOf(RequestState.class);
        var queue = new ArrayDeque<>(NEXT.get(from));
        while (!queue.isEmpty()) {
            RequestState state = queue.poll();
            if (!seen.add(state)) {
                continue;
            }
            if (NEXT.get(state).contains(wanted)) {
                return true;
            }
            queue.addAll(NEXT.get(state));
        }
        return false;
    }
}
