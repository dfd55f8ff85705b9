package com.logicore.dbp.approval.policy;

import com.logicore.dbp.approval.dryrun.DryRunReport;
import com.logicore.dbp.events.payload.Finding;
import com.logicore.dbp.events.payload.Finding.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns what PostgreSQL did in the dry run into findings. The observation wins over the static analysis: a failing
 * statement rejects the migration, and a rewrite nobody predicted is called out.
 */
final class DryRunFindings {

    /** Static rules that predict a table rewrite. */
    private static final Set<String> REWRITE_RULES =
            Set.of("column.type-change", "column.volatile-default", "rewrite.full-table");

    private DryRunFindings() {}

    static List<Finding> of(DryRunReport report, List<Finding> staticFindings, String schema) {
        List<Finding> findings = new ArrayList<>();
        if (report.skipped() != null) {
            findings.add(new Finding("dryrun.skipped", Severity.INFO, "dry run " + report.skipped(), null));
            return findings;
        }
        for (var observed : report.statements()) {
            String field = "payload.migrations[" + observed.migration() + "].sql";
            String where = "dry run, migration " + (observed.migration() + 1) + " statement " + observed.number()
                    + (observed.excerpt().isEmpty() ? "" : " (" + observed.excerpt() + ")");
            if (observed.error() != null) {
                findings.add(new Finding(
                        "dryrun.failed",
                        Severity.BLOCKER,
                        where + " failed on a copy of " + schema + ": " + observed.error()
                                + ". The migration would stop here; fix it and submit again",
                        field));
                continue;
            }
            if (observed.notRun() != null) {
                findings.add(new Finding(
                        "dryrun.not-run", Severity.INFO, where + ": not executed; " + observed.notRun(), field));
                continue;
            }
            if (!observed.locks().isEmpty() || !observed.rewritten().isEmpty()) {
                findings.add(new Finding(
                        "dryrun.observed",
                        Severity.INFO,
                        where + " took " + String.join(", ", observed.locks())
                                + (observed.rewritten().isEmpty()
                                        ? ""
                                        : "; rewrote " + String.join(", ", observed.rewritten())),
                        field));
            }
            boolean predicted =
                    staticFindings.stream().anyMatch(f -> field.equals(f.field()) && REWRITE_RULES.contains(f.code()));
            if (!observed.rewritten().isEmpty() && !predicted) {
                findings.add(new Finding(
                        "dryrun.contradiction",
                        Severity.WARNING,
                        where + " rewrote "
                                + String.join(", ", observed.rewritten())
                                + ", which the static analysis did not predict;"
                                + " the observation wins: plan for a full rewrite under an ACCESS EXCLUSIVE lock",
                        field));
            }
        }
        return findings;
    }
}
