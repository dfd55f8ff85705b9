package com.logicore.dbp.approval.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.logicore.dbp.approval.policy.PolicyDecision.Outcome;
import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.events.request.CreateIndexPayload;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyRulesTest {

    private final PolicyRules rules = new PolicyRules(100_000);
    private final CreateIndexPayload stopsByRoute =
            new CreateIndexPayload("stops", List.of("route_id"), false, null, null, null);

    @Test
    void indexOnASmallOwnedTableIsAutoApproved() {
        var decision = rules.evaluate(
                RequestType.CREATE_INDEX,
                "routing",
                "logicore",
                "routing",
                Optional.of("routing"),
                stopsByRoute,
                Optional.of(new TableFacts(40_000, Set.of("id", "route_id"))));
        assertThat(decision.outcome()).isEqualTo(Outcome.AUTO_APPROVED);
    }

    @Test
    void indexOnALargeTableWaitsForApproval() {
        var decision = rules.evaluate(
                RequestType.CREATE_INDEX,
                "routing",
                "logicore",
                "routing",
                Optional.of("routing"),
                stopsByRoute,
                Optional.of(new TableFacts(150_000, Set.of("id", "route_id"))));
        assertThat(decision.outcome()).isEqualTo(Outcome.NEEDS_APPROVAL);
        assertThat(decision.findings()).extracting("code").contains("index.large-table");
    }

    @Test
    void anotherTeamsSchemaIsRejectedNamingSchemaAndOwner() {
        var decision = rules.evaluate(
                RequestType.CREATE_INDEX,
                "routing",
                "logicore",
                "deliveries",
                Optional.of("deliveries"),
                stopsByRoute,
                Optional.empty());
        assertThat(decision.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(decision.findings().get(0).message())
                .contains("logicore/deliveries")
                .contains("owned by team deliveries")
                .contains("not routing");
        assertThat(decision.findings().get(0).field()).isEqualTo("target.schema");
    }

    @Test
    void missingTableOrColumnIsRejectedWithTheField() {
        var noTable = rules.evaluate(
                RequestType.CREATE_INDEX,
                "routing",
                "logicore",
                "routing",
                Optional.of("routing"),
                stopsByRoute,
                Optional.empty());
        assertThat(noTable.findings().get(0).field()).isEqualTo("payload.table");
        var noColumn = rules.evaluate(
                RequestType.CREATE_INDEX,
                "routing",
                "logicore",
                "routing",
                Optional.of("routing"),
                stopsByRoute,
                Optional.of(new TableFacts(10, Set.of("id"))));
        assertThat(noColumn.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(noColumn.findings().get(0).field()).isEqualTo("payload.columns[0]");
    }

    @Test
    void otherTypesWaitForAPerson() {
        var decision = rules.evaluate(
                RequestType.SCHEMA_CHANGE,
                "routing",
                "logicore",
                "routing",
                Optional.of("routing"),
                null,
                Optional.empty());
        assertThat(decision.outcome()).isEqualTo(Outcome.NEEDS_APPROVAL);
    }
}
