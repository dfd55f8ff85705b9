package com.logicore.dbp.requests.lifecycle;

import static com.logicore.dbp.requests.lifecycle.RequestState.*;
import static com.logicore.dbp.requests.lifecycle.RequestStateMachine.Verdict.APPLY;
import static com.logicore.dbp.requests.lifecycle.RequestStateMachine.Verdict.DEFER;
import static com.logicore.dbp.requests.lifecycle.RequestStateMachine.Verdict.IGNORE;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestStateMachineTest {

    @Test
    void theHappyPathIsLegalStepByStep() {
        assertThat(RequestStateMachine.judge(SUBMITTED, APPROVED)).isEqualTo(APPLY);
        assertThat(RequestStateMachine.judge(APPROVED, RUNNING)).isEqualTo(APPLY);
        assertThat(RequestStateMachine.judge(RUNNING, SUCCEEDED)).isEqualTo(APPLY);
        assertThat(RequestStateMachine.judge(SUBMITTED, AWAITING_APPROVAL)).isEqualTo(APPLY);
        assertThat(RequestStateMachine.judge(AWAITING_APPROVAL, APPROVED)).isEqualTo(APPLY);
    }

    @Test
    void anEventThatOvertookAnotherIsDeferred() {
        // the worker's JobStarted arrived before the approval-service's RequestApproved
        assertThat(RequestStateMachine.judge(SUBMITTED, RUNNING)).isEqualTo(DEFER);
        assertThat(RequestStateMachine.judge(AWAITING_APPROVAL, SUCCEEDED)).isEqualTo(DEFER);
    }

    @Test
    void backwardsRepeatedAndTerminalMovesAreIgnored() {
        assertThat(RequestStateMachine.judge(RUNNING, APPROVED)).isEqualTo(IGNORE);
        assertThat(RequestStateMachine.judge(SUCCEEDED, SUCCEEDED)).isEqualTo(IGNORE);
        assertThat(RequestStateMachine.judge(REJECTED, APPROVED)).isEqualTo(IGNORE);
        assertThat(RequestStateMachine.judge(CANCELLED, RUNNING)).isEqualTo(IGNORE);
        assertThat(RequestStateMachine.judge(APPROVED, CANCELLED)).isEqualTo(IGNORE);
    }

    @Test
    void aGrantedAccessEndsInExpiredAtExpiryOrOnEarlyRevoke() {
        // the migration worker's RequestExpired after the grant's job succeeded (scheduled or early revoke)
        assertThat(RequestStateMachine.judge(SUCCEEDED, EXPIRED)).isEqualTo(APPLY);
        // ... arriving before the job's success is kept until the success arrives
        assertThat(RequestStateMachine.judge(RUNNING, EXPIRED)).isEqualTo(DEFER);
        // ... and a second one (expiry racing an early revoke) changes nothing
        assertThat(RequestStateMachine.judge(EXPIRED, EXPIRED)).isEqualTo(IGNORE);
        assertThat(RequestStateMachine.judge(FAILED, EXPIRED)).isEqualTo(IGNORE);
    }
}
