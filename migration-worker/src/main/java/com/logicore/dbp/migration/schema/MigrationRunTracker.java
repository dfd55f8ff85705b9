package com.logicore.dbp.migration.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/**
 * Follows Flyway through a run (its per-migration and per-statement callbacks): reports progress, remembers the
 * versions applied and, when a statement fails, which one it was.
 */
final class MigrationRunTracker implements Callback {

    /** The statement that failed: its version, its position in its migration and that migration's size. */
    record FailedStatement(String version, String description, int index, int count, String sql) {}

    private final Map<String, Integer> statementCounts;
    private final int migrationsPending;
    private final int statementsPending;
    private final ProgressListener listener;
    private final List<String> applied = new ArrayList<>();
    private String version;
    private String description;
    private int migrationIndex;
    private int statementIndex;
    private int done;
    private FailedStatement failed;

    MigrationRunTracker(Map<String, Integer> statementCounts, int migrationsPending, ProgressListener listener) {
        this.statementCounts = statementCounts;
        this.migrationsPending = migrationsPending;
        this.statementsPending =
                statementCounts.values().stream().mapToInt(Integer::intValue).sum();
        this.listener = listener;
    }

    @Override
    public boolean supports(Event event, Context context) {
        return switch (event) {
            case BEFORE_EACH_MIGRATE,
                    AFTER_EACH_MIGRATE,
                    BEFORE_EACH_MIGRATE_STATEMENT,
                    AFTER_EACH_MIGRATE_STATEMENT,
                    AFTER_EACH_MIGRATE_STATEMENT_ERROR -> true;
            default -> false;
        };
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        switch (event) {
            case BEFORE_EACH_MIGRATE -> {
                version = context.getMigrationInfo().getVersion().getVersion();
                description = context.getMigrationInfo().getDescription();
                migrationIndex++;
                statementIndex = 0;
            }
            case BEFORE_EACH_MIGRATE_STATEMENT -> statementIndex++;
            case AFTER_EACH_MIGRATE_STATEMENT -> {
                done++;
                listener.progress(
                        done,
                        statementsPending,
                        "migration " + migrationIndex + " of " + migrationsPending + " (version " + version
                                + "), statement " + statementIndex + " of " + countOf(version));
            }
            case AFTER_EACH_MIGRATE_STATEMENT_ERROR -> failed = new FailedStatement(
                    version,
                    description,
                    statementIndex,
                    countOf(version),
                    context.getStatement() == null ? "" : context.getStatement().getSql());
            case AFTER_EACH_MIGRATE -> {
                applied.add(version);
                listener.applied(version);
            }
            default -> {}
        }
    }

    private int countOf(String version) {
        return statementCounts.getOrDefault(version, 0);
    }

    /** Before a retry of the failed migration: its statements were rolled back or will run again. */
    void restartFailedMigration() {
        done -= Math.max(0, statementIndex - 1);
        migrationIndex--;
        failed = null;
    }

    FailedStatement failed() {
        return failed;
    }

    List<String> applied() {
        return List.copyOf(applied);
    }

    int statementsRun() {
        return done;
    }

    @Override
    public String getCallbackName() {
        return "dbp-migration-progress";
    }
}
