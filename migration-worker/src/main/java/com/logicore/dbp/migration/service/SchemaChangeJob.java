package com.logicore.dbp.migration.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.payload.JobRequested;
import com.logicore.dbp.events.request.SchemaChangePayload;
import com.logicore.dbp.jobs.JobOutcome;
import com.logicore.dbp.migration.config.TargetConfig;
import com.logicore.dbp.migration.persistence.AppliedMigrations;
import com.logicore.dbp.migration.schema.LockRetryPolicy;
import com.logicore.dbp.migration.schema.MigrationFailed;
import com.logicore.dbp.migration.schema.MigrationSource;
import com.logicore.dbp.migration.schema.ProgressListener;
import com.logicore.dbp.migration.schema.SchemaChange;
import com.logicore.dbp.migration.schema.SchemaMigrator;
import com.logicore.dbp.migration.schema.SessionLimits;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/** SCHEMA_CHANGE: the request's migrations applied with Flyway as the team's role; what was applied is recorded. */
@ApplicationScoped
public class SchemaChangeJob implements JobExecution {

    private final TeamLogins logins;
    private final StepProgress progress;
    private final AppliedMigrations appliedMigrations;
    private final SchemaMigrator migrator;
    private final TargetConfig config;

    public SchemaChangeJob(
            TeamLogins logins, StepProgress progress, AppliedMigrations appliedMigrations, TargetConfig config) {
        this.logins = logins;
        this.progress = progress;
        this.appliedMigrations = appliedMigrations;
        this.config = config;
        this.migrator = new SchemaMigrator(
                new LockRetryPolicy(config.lockRetries(), config.lockRetryBackoff()),
                () -> logins.admin("blocker-watch"));
    }

    @Override
    public JobOutcome execute(JobRequested job) throws Exception {
        var payload = EventJson.mapper().convertValue(job.payload(), SchemaChangePayload.class);
        List<MigrationSource> migrations = payload.migrations().stream()
                .map(m -> new MigrationSource(m.version(), m.description(), m.sql(), m.undoSql()))
                .toList();
        var change = new SchemaChange(
                job.requestId(),
                job.targetSchema(),
                migrations,
                limits(job),
                job.directives() != null
                        && job.directives().path("allowOutOfOrder").asBoolean(false));
        long started = System.currentTimeMillis();
        var outcome = migrator.apply(
                logins.forTeam(job.team(), job.targetDatabase(), job.requestId()), change, new ProgressListener() {
                    @Override
                    public void progress(int done, int total, String detail) {
                        progress.report(job, done, total, detail);
                    }

                    @Override
                    public void applied(String version) {
                        try {
                            record(job, migrations, List.of(version));
                        } catch (SQLException e) {
                            // recorded again after the run; only a crash in between would lose it
                            Log.warnf(
                                    "applied version %s not recorded yet requestId=%s: %s",
                                    version, job.requestId(), e.getMessage());
                        }
                    }
                });
        record(job, migrations, outcome.applied());
        long took = System.currentTimeMillis() - started;
        ObjectNode result = EventJson.mapper().createObjectNode();
        result.put("schema", job.schemaKey());
        result.set("appliedVersions", EventJson.mapper().valueToTree(outcome.applied()));
        result.set("alreadyAppliedVersions", EventJson.mapper().valueToTree(outcome.alreadyApplied()));
        result.put("statements", outcome.statements());
        result.put("attempts", outcome.attempts());
        result.put("tookMillis", took);
        String summary = outcome.applied().isEmpty()
                ? "nothing to apply on " + job.schemaKey() + "; versions " + String.join(", ", outcome.alreadyApplied())
                        + " were already applied"
                : "applied version(s) " + String.join(", ", outcome.applied()) + " to " + job.schemaKey() + " in "
                        + took + " ms";
        return new JobOutcome(summary, result);
    }

    /** What the request applied, with its undo SQL, for a later ROLLBACK (recording twice changes nothing). */
    private void record(JobRequested job, List<MigrationSource> migrations, List<String> versions) throws SQLException {
        appliedMigrations.record(migrations.stream()
                .filter(m -> versions.contains(SchemaMigrator.normalVersion(m.version())))
                .map(m -> new AppliedMigrations.Applied(
                        UUID.fromString(job.requestId()),
                        job.targetDatabase(),
                        job.targetSchema(),
                        SchemaMigrator.normalVersion(m.version()),
                        m.description(),
                        m.sql(),
                        m.undoSql(),
                        null))
                .toList());
    }

    SessionLimits limits(JobRequested job) throws MigrationFailed {
        try {
            return SessionLimits.of(config.lockTimeout(), config.statementTimeout(), job.directives());
        } catch (IllegalArgumentException e) {
            throw new MigrationFailed(e.getMessage(), false);
        }
    }
}
