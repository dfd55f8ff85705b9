package com.logicore.dbp.approval.policy;

import static com.logicore.dbp.approval.policy.ApprovalChain.Kind.ANY;
import static com.logicore.dbp.approval.policy.ApprovalChain.Kind.DBA;
import static com.logicore.dbp.approval.policy.ApprovalChain.Kind.OWNER;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApprovalChainTest {

    @Test
    void eachApprovalTicksOffTheMostSpecificKindItSatisfies() {
        var afterDba = ApprovalChain.advance(List.of(DBA, OWNER), true, false);
        assertThat(afterDba).contains(List.of(OWNER));
        assertThat(ApprovalChain.advance(afterDba.orElseThrow(), true, false))
                .as("a second DBA is not an owner")
                .isEmpty();
        assertThat(ApprovalChain.advance(afterDba.orElseThrow(), false, true)).contains(List.of());
        assertThat(ApprovalChain.advance(List.of(ANY), false, false)).contains(List.of());
    }

    @Test
    void encodesAndDecodes() {
        assertThat(ApprovalChain.decode(ApprovalChain.encode(List.of(DBA, OWNER))))
                .containsExactly(DBA, OWNER);
        assertThat(ApprovalChain.decode("")).isEmpty();
    }
}
