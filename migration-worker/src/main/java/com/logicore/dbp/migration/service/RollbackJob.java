package com.logicore.dbp.migration.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.payload.JobRequested;
import com.logicore.dbp.events.request.RollbackPayload;
import com.logicore.dbp.jobs.JobOutcome;
import com.logicore.dbp.migration.config.TargetConfig;
import com.logicore.dbp.migration.persistence.AppliedMigrations;
import com.logicore.dbp.migration.schema.LockRetryPolicy;
import com.logicore.dbp.migration.schema.MigrationFailed;
import com.logicore.dbp.migration.schema.SessionLimits;
import com.logicore.dbp.migration.schema.UndoRunner;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.api.MigrationVersion;

/**
 * ROLLBACK: the undo scripts of what a SCHEMA_CHANGE request applied (as recorded by this worker), newest version
 * first, down to (not including) {@code toVersion} when given. Refused before anything runs when a version to undo has
 * no undo script.
 */
@ApplicationScoped
public class RollbackJob implements JobExecution {

    private final TeamLogins logins;
    private final StepProgress progress;
    private final AppliedMigrations appliedMigrations;
    private final TargetConfig config;
    private final UndoRunner undoRunner;

    public RollbackJob(
            TeamLogins logins, StepProgress progress, AppliedMigrations appliedMigrations, TargetConfig config) {
        this.logins = logins;
        this.progress = progress;
        this.appliedMigrations = appliedMigrations;
        this.config = config;
        this.undoRunner = new UndoRunner(
                new LockRetryPolicy(config.lockRetries(), config.lockRetryBackoff()),
                () -> logins.admin("blocker-watch"));
    }

    @Override
    public JobOutcome execute(JobRequested job) throws Exception {
        var payload = EventJson.mapper().convertValue(job.payload(), RollbackPayload.class);
        UUID target = parse(payload.schemaChangeRequestId());
        var applied = appliedMigrations.ofRequest(target, job.targetDatabase(), job.targetSchema());
        if (applied.isEmpty()) {
            throw new MigrationFailed(
                    "request " + target + " applied nothing to " + job.schemaKey() + " through this worker", false);
        }
        UUID self = UUID.fromString(job.requestId());
        var notYetUndone = applied.stream()
                .filter(a -> a.rolledBackBy() == null || a.rolledBackBy().equals(self))
                .toList();
        if (notYetUndone.isEmpty()) {
            throw new MigrationFailed(
                    "request " + target + " was already rolled back by request "
                            + applied.get(0).rolledBackBy(),
                    false);
        }
        var toUndo = notYetUndone.stream()
                .filter(a -> payload.toVersion() == null
                        || MigrationVersion.fromVersion(a.version())
                                .isNewerThan(MigrationVersion.fromVersion(payload.toVersion())))
                .sorted(Comparator.comparing((AppliedMigrations.Applied a) -> MigrationVersion.fromVersion(a.version()))
                        .reversed())
                .toList();
        var withoutUndo = toUndo.stream()
                .filter(a -> a.undoSql() == null || a.undoSql().isBlank())
                .map(AppliedMigrations.Applied::version)
                .toList();
        if (!withoutUndo.isEmpty()) {
            throw new MigrationFailed(
                    "version(s) " + String.join(", ", withoutUndo) + " of request " + target
                            + " have no undo script; nothing was undone",
                    false);
        }
        SessionLimits limits = limits(job);
        var login = logins.forTeam(job.team(), job.targetDatabase(), job.requestId());
        refuseWhenLaterVersionsAreApplied(login, job, toUndo);
        long started = System.currentTimeMillis();
        List<String> undone = new ArrayList<>();
        List<String> alreadyUndone = new ArrayList<>();
        int position = 0;
        for (var migration : toUndo) {
            position++;
            String prefix = "undo " + position + " of " + toUndo.size() + ": ";
            var outcome = undoRunner.undo(
                    login,
                    job.targetSchema(),
                    job.requestId(),
                    new UndoRunner.Undo(migration.version(), migration.description(), migration.undoSql()),
                    limits,
                    (done, total, detail) -> progress.report(job, done, total, prefix + detail));
            (outcome.alreadyUndone() ? alreadyUndone : undone).add(migration.version());
            appliedMigrations.markRolledBack(target, migration.version(), UUID.fromString(job.requestId()));
        }
        long took = System.currentTimeMillis() - started;
        ObjectNode result = EventJson.mapper().createObjectNode();
        result.put("schema", job.schemaKey());
        result.put("rolledBackRequest", target.toString());
        result.set("undoneVersions", EventJson.mapper().valueToTree(undone));
        result.set("alreadyUndoneVersions", EventJson.mapper().valueToTree(alreadyUndone));
        result.put("tookMillis", took);
        return new JobOutcome(
                "undid version(s) " + String.join(", ", undone) + " of request " + target + " on " + job.schemaKey(),
                result);
    }

    /** Undoing a version under a later one (of another request) would pull the ground from under that one. */
    private static void refuseWhenLaterVersionsAreApplied(
            com.logicore.dbp.migration.schema.TeamLogin login, JobRequested job, List<AppliedMigrations.Applied> toUndo)
            throws MigrationFailed {
        if (toUndo.isEmpty()) {
            return;
        }
        var oldest = MigrationVersion.fromVersion(toUndo.get(toUndo.size() - 1).version());
        var undoing = toUndo.stream().map(AppliedMigrations.Applied::version).toList();
        var later = UndoRunner.appliedVersions(login, job.targetSchema()).stream()
                .filter(v -> MigrationVersion.fromVersion(v).isNewerThan(oldest) && !undoing.contains(v))
                .toList();
        if (!later.isEmpty()) {
            throw new MigrationFailed(
                    "version(s) " + String.join(", ", later) + " were applied to " + job.schemaKey()
                            + " after the versions to undo; roll those back first. Nothing was undone",
                    false);
        }
    }

    private SessionLimits limits(JobRequested job) throws MigrationFailed {
        try {
            return SessionLimits.of(config.lockTimeout(), config.statementTimeout(), job.directives());
        } catch (IllegalArgumentException e) {
            throw new MigrationFailed(e.getMessage(), false);
        }
    }

    private static UUID parse(String requestId) throws MigrationFailed {
        try {
            return UUID.fromString(requestId);
        } catch (IllegalArgumentException e) {
            throw new MigrationFailed("schemaChangeRequestId " + requestId + " is not a request id", false);
        }
    }
}
