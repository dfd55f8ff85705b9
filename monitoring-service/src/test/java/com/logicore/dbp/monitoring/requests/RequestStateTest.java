package com.logicore.dbp.monitoring.requests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RequestStateTest {

    @Test
    void statesOnlyMoveForwardWhateverOrderTheEventsArriveIn() {
        assertThat(RequestState.moves(null, RequestState.RUNNING)).isTrue();
        assertThat(RequestState.moves(RequestState.RUNNING, RequestState.APPROVED))
                .isFalse();
        assertThat(RequestState.moves(RequestState.SUBMITTED, RequestState.AWAITING_APPROVAL))
                .isTrue();
        assertThat(RequestState.moves(RequestState.FAILED, RequestState.SUCCEEDED))
                .isFalse();
        assertThat(RequestState.moves(RequestState.SUCCEEDED, RequestState.EXPIRED))
                .isTrue();
        assertThat(RequestState.moves(RequestState.REJECTED, RequestState.EXPIRED))
                .isFalse();
    }

    @Test
    void percentilesUseTheNearestRank() {
        List<Long> sorted = List.of(1000L, 2000L, 3000L, 4000L, 100_000L);
        assertThat(RequestView.nearestRank(sorted, 0.5)).isEqualTo(3000L);
        assertThat(RequestView.nearestRank(sorted, 0.95)).isEqualTo(100_000L);
        assertThat(RequestView.percentiles("CREATE_INDEX", "day", List.of()).count())
                .isZero();
    }
}
