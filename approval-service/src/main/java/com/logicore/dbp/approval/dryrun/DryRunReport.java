package com.logicore.dbp.approval.dryrun;

import java.util.List;

/**
 * What PostgreSQL really did with a migration in the shadow schema.
 *
 * @param statements one observation per statement, in order, up to and including a failing one
 * @param skipped why the dry run did not happen at all (null when it ran)
 */
public record DryRunReport(List<StatementObservation> statements, String skipped) {

    /**
     * One statement's behaviour.
     *
     * @param migration index of the migration in the request
     * @param number statement number within its migration
     * @param locks the relation locks the statement took, e.g. "ACCESS EXCLUSIVE on routing.stops"
     * @param rewritten tables whose storage was rewritten (relfilenode changed)
     * @param error the error PostgreSQL raised, or null
     * @param notRun why the statement was not executed (e.g. CONCURRENTLY cannot run in the dry run's transaction)
     */
    public record StatementObservation(
            int migration,
            int number,
            String excerpt,
            List<String> locks,
            List<String> rewritten,
            String error,
            String notRun) {}

    public static DryRunReport skipped(String why) {
        return new DryRunReport(List.of(), why);
    }

    public boolean failed() {
        return statements.stream().anyMatch(s -> s.error() != null);
    }
}
