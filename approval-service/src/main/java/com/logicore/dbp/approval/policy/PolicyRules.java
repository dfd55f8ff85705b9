package com.logicore.dbp.approval.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicore.dbp.approval.lint.MigrationLinter;
import com.logicore.dbp.approval.policy.PolicyDecision.Outcome;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.events.payload.Finding;
import com.logicore.dbp.events.payload.Finding.Severity;
import com.logicore.dbp.events.payload.PolicyEvaluated.Risk;
import com.logicore.dbp.events.request.CreateIndexPayload;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The policy rules so far: the requesting team must own the target schema; an index on a table below the row
 * threshold is safe to build unattended; migrations are linted (a security finding rejects them, others go to a
 * reviewer with the findings); a query to review must be one statement; everything else waits for a person. Pure:
 * the caller gathers ownership and table facts into a {@link PolicyInput}.
 */
public final class PolicyRules {

    private final long autoApproveIndexMaxRows;
    private final MigrationLinter linter = new MigrationLinter();

    public PolicyRules(long autoApproveIndexMaxRows) {
        this.autoApproveIndexMaxRows = autoApproveIndexMaxRows;
    }

    public PolicyDecision evaluate(PolicyInput input) {
        RequestType type = input.type();
        String team = input.team();
        String database = input.database();
        String schema = input.schema();
        Optional<String> owner = input.owner();
        List<Finding> findings = new ArrayList<>();
        String target = database + "/" + schema;
        if (type == RequestType.PROVISION_SCHEMA) {
            owner.ifPresent(existing -> findings.add(new Finding(
                    "ownership.schema-taken",
                    Severity.BLOCKER,
                    "schema " + target + " already exists and is owned by team " + existing,
                    "target.schema")));
        } else if (owner.isEmpty()) {
            findings.add(new Finding(
                    "ownership.no-owner",
                    Severity.BLOCKER,
                    "schema " + target + " has no owning team; ask a platform admin to assign it",
                    "target.schema"));
        } else if (!owner.get().equals(team)) {
            findings.add(new Finding(
                    "ownership.not-owner",
                    Severity.BLOCKER,
                    "schema " + target + " is owned by team " + owner.get() + ", not " + team
                            + "; only its owner may change it",
                    "target.schema"));
        }
        if (!findings.isEmpty()) {
            return new PolicyDecision(
                    Outcome.REJECTED, Risk.HIGH, findings, findings.get(0).message());
        }
        if (type == RequestType.CREATE_INDEX) {
            var index = EventJson.mapper().convertValue(input.payload(), CreateIndexPayload.class);
            return evaluateIndex(schema, index, input.indexTable(), findings);
        }
        if (type == RequestType.SCHEMA_CHANGE) {
            return evaluateMigrations(input);
        }
        if (type == RequestType.QUERY_REVIEW) {
            findings.addAll(linter.lintSingleStatement(
                    input.payload().path("sql").asText(), "payload.sql", input.ownedSchemas()));
            if (findings.stream().anyMatch(f -> f.severity() == Severity.BLOCKER)) {
                return rejected(findings);
            }
        }
        findings.add(new Finding(
                "review.manual",
                Severity.INFO,
                type + " requests are reviewed by a person until their automatic checks are in place",
                null));
        return new PolicyDecision(Outcome.NEEDS_APPROVAL, Risk.MEDIUM, findings, type + " needs a reviewer");
    }

    /** Lints every migration (and its undo script); any BLOCKER rejects, otherwise a person reviews with the findings. */
    private PolicyDecision evaluateMigrations(PolicyInput input) {
        List<Finding> findings = lintMigrations(input.payload(), input.ownedSchemas());
        if (input.dryRun() != null) {
            findings.addAll(DryRunFindings.of(input.dryRun(), findings, input.schema()));
        }
        if (findings.stream().anyMatch(f -> f.severity() == Severity.BLOCKER)) {
            return rejected(findings);
        }
        boolean warnings = findings.stream().anyMatch(f -> f.severity() == Severity.WARNING);
        // Production context: the same statement is harmless on a small table and an outage on a large one.
        boolean largeTable = false;
        for (var touched : input.touchedTables().entrySet()) {
            TableFacts facts = touched.getValue();
            boolean large = facts.estimatedRows() > autoApproveIndexMaxRows;
            largeTable |= large;
            findings.add(new Finding(
                    large ? "context.large-table" : "context.table-size",
                    large && warnings ? Severity.WARNING : Severity.INFO,
                    touched.getKey() + ": " + facts.describe()
                            + (large && warnings
                                    ? " — the locking statements above hold their lock on it for as long as they scan"
                                            + " or rewrite "
                                            + String.format(java.util.Locale.ROOT, "%,d", facts.estimatedRows())
                                            + " rows"
                                    : ""),
                    "target.schema"));
        }
        Risk risk = warnings && largeTable ? Risk.HIGH : warnings ? Risk.MEDIUM : Risk.LOW;
        String reason =
                switch (risk) {
                    case HIGH -> "locking migration on a large table: a DBA decides";
                    case MEDIUM -> "migration has findings a reviewer should weigh";
                    case LOW -> "migration is clean; a reviewer confirms";
                };
        return new PolicyDecision(Outcome.NEEDS_APPROVAL, risk, findings, reason);
    }

    /** Whether static analysis alone refuses a SCHEMA_CHANGE payload (then it is not even dry-run). */
    public boolean hasStaticBlockers(JsonNode payload, java.util.Set<String> ownedSchemas) {
        return lintMigrations(payload, ownedSchemas).stream().anyMatch(f -> f.severity() == Severity.BLOCKER);
    }

    private List<Finding> lintMigrations(JsonNode payload, java.util.Set<String> ownedSchemas) {
        List<Finding> findings = new ArrayList<>();
        JsonNode migrations = payload.path("migrations");
        for (int i = 0; i < migrations.size(); i++) {
            JsonNode migration = migrations.get(i);
            findings.addAll(linter.lintScript(
                    migration.path("sql").asText(), "payload.migrations[" + i + "].sql", ownedSchemas));
            if (migration.hasNonNull("undoSql")) {
                findings.addAll(linter.lintScript(
                        migration.get("undoSql").asText(), "payload.migrations[" + i + "].undoSql", ownedSchemas));
            }
        }
        return findings;
    }

    private static PolicyDecision rejected(List<Finding> findings) {
        Finding first = findings.stream()
                .filter(f -> f.severity() == Severity.BLOCKER)
                .findFirst()
                .orElseThrow();
        return new PolicyDecision(Outcome.REJECTED, Risk.HIGH, findings, first.message());
    }

    private PolicyDecision evaluateIndex(
            String schema, CreateIndexPayload index, Optional<TableFacts> table, List<Finding> findings) {
        String qualified = schema + "." + index.table();
        if (table.isEmpty()) {
            findings.add(new Finding(
                    "index.table-missing",
                    Severity.BLOCKER,
                    "table " + qualified + " does not exist",
                    "payload.table"));
            return new PolicyDecision(
                    Outcome.REJECTED, Risk.LOW, findings, findings.get(0).message());
        }
        TableFacts facts = table.get();
        for (int i = 0; i < index.columns().size(); i++) {
            String column = index.columns().get(i);
            if (!facts.columns().contains(column)) {
                findings.add(new Finding(
                        "index.column-missing",
                        Severity.BLOCKER,
                        "column " + column + " does not exist in " + qualified + "; it has "
                                + facts.columns().stream().sorted().toList(),
                        "payload.columns[" + i + "]"));
            }
        }
        if (!findings.isEmpty()) {
            return new PolicyDecision(
                    Outcome.REJECTED, Risk.LOW, findings, findings.get(0).message());
        }
        if (!facts.hasStatistics()) {
            findings.add(new Finding(
                    "index.no-statistics",
                    Severity.WARNING,
                    qualified + " has never been analysed, so its size is unknown; a reviewer decides",
                    "payload.table"));
            return new PolicyDecision(Outcome.NEEDS_APPROVAL, Risk.MEDIUM, findings, "table size unknown");
        }
        if (facts.estimatedRows() <= autoApproveIndexMaxRows) {
            findings.add(new Finding(
                    "index.small-table",
                    Severity.INFO,
                    qualified + " has about " + facts.estimatedRows() + " rows (limit for unattended builds: "
                            + autoApproveIndexMaxRows + "); built CONCURRENTLY, so writes continue",
                    "payload.table"));
            return new PolicyDecision(Outcome.AUTO_APPROVED, Risk.LOW, findings, "small table, concurrent build");
        }
        findings.add(new Finding(
                "index.large-table",
                Severity.WARNING,
                qualified + " has about " + facts.estimatedRows() + " rows, above the " + autoApproveIndexMaxRows
                        + " rows limit for unattended builds; a DBA approves the timing",
                "payload.table"));
        return new PolicyDecision(Outcome.NEEDS_APPROVAL, Risk.MEDIUM, findings, "large table needs a DBA");
    }
}
