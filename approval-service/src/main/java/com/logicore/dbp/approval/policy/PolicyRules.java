package com.logicore.dbp.approval.policy;

import com.logicore.dbp.approval.policy.PolicyDecision.Outcome;
import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.events.payload.Finding;
import com.logicore.dbp.events.payload.Finding.Severity;
import com.logicore.dbp.events.payload.PolicyEvaluated.Risk;
import com.logicore.dbp.events.request.CreateIndexPayload;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The first policy rules: the requesting team must own the target schema; an index on a table below the row
 * threshold is safe to build unattended; everything else waits for a person. Pure: the caller looks up ownership and
 * table facts.
 */
public final class PolicyRules {

    private final long autoApproveIndexMaxRows;

    public PolicyRules(long autoApproveIndexMaxRows) {
        this.autoApproveIndexMaxRows = autoApproveIndexMaxRows;
    }

    /**
     * @param owner the team that owns the target schema, if any
     * @param index the payload when the request is a CREATE_INDEX
     * @param table facts about the index's table, empty when the table does not exist
     */
    public PolicyDecision evaluate(
            RequestType type,
            String team,
            String database,
            String schema,
            Optional<String> owner,
            CreateIndexPayload index,
            Optional<TableFacts> table) {
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
            return evaluateIndex(schema, index, table, findings);
        }
        findings.add(new Finding(
                "review.manual",
                Severity.INFO,
                type + " requests are reviewed by a person until their automatic checks are in place",
                null));
        return new PolicyDecision(Outcome.NEEDS_APPROVAL, Risk.MEDIUM, findings, type + " needs a reviewer");
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
