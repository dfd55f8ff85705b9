package com.logicore.dbp.migration.schema;

import io.quarkus.logging.Log;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.exception.FlywayValidateException;

/**
 * Applies a request's migrations to one team schema with Flyway, logged in as the team's own role. The schema's
 * history table lives in the schema itself; already applied versions are skipped (so a replay applies nothing twice)
 * after their checksums are validated; a version older than the schema's current one is refused unless policy allowed
 * out-of-order. Migrations with statements PostgreSQL will not run in a transaction block (CREATE INDEX CONCURRENTLY)
 * run outside one, and an INVALID index such a statement leaves behind is dropped.
 */
public final class SchemaMigrator {

    public static final String HISTORY_TABLE = "flyway_schema_history";

    /** What a run did: versions applied now, versions that were already applied, statements executed. */
    public record Outcome(List<String> applied, List<String> alreadyApplied, int statements, int attempts) {}

    private static final Set<MigrationState> APPLIED = Set.of(MigrationState.SUCCESS, MigrationState.OUT_OF_ORDER);

    private final LockRetryPolicy retry;
    private final Supplier<Connection> monitor;

    public SchemaMigrator(LockRetryPolicy retry, Supplier<Connection> monitor) {
        this.retry = retry;
        this.monitor = monitor;
    }

    public Outcome apply(TeamLogin login, SchemaChange change, ProgressListener progress) throws MigrationFailed {
        Map<String, List<StatementSplitter.Statement>> statements = split(change.migrations());
        Map<String, MigrationState> states = statesOfRequested(login, change);
        List<String> outOfOrder = versionsIn(states, Set.of(MigrationState.IGNORED));
        if (!outOfOrder.isEmpty() && !change.allowOutOfOrder()) {
            throw new MigrationFailed(
                    "version(s) " + String.join(", ", outOfOrder) + " are older than schema " + change.schema()
                            + "'s current version; out-of-order migrations are refused unless policy allows them"
                            + " (directive allowOutOfOrder)",
                    false);
        }
        List<String> alreadyApplied = versionsIn(states, APPLIED);
        Map<String, Integer> pendingCounts = new LinkedHashMap<>();
        states.forEach((version, state) -> {
            if (!APPLIED.contains(state)) {
                pendingCounts.put(version, statements.get(version).size());
            }
        });
        var tracker = new MigrationRunTracker(pendingCounts, pendingCounts.size(), progress);
        Flyway flyway = flyway(login, change, tracker);

        try (BlockerWatch watch = BlockerWatch.start(monitor, login.applicationName(), 200);
                Connection connection = login.open()) {
            Set<String> invalidBefore = InvalidIndexes.in(connection, change.schema());
            for (int attempt = 1; ; attempt++) {
                try {
                    flyway.migrate();
                    return new Outcome(tracker.applied(), alreadyApplied, tracker.statementsRun(), attempt);
                } catch (FlywayValidateException e) {
                    throw new MigrationFailed(validationFailure(e), false, e);
                } catch (FlywayException e) {
                    SQLException sql = LockRetryPolicy.sqlCause(e);
                    Set<String> dropped = InvalidIndexes.dropNew(connection, change.schema(), invalidBefore);
                    var failed = tracker.failed();
                    boolean transactional = failed != null && isTransactional(statements.get(failed.version()));
                    boolean nothingLeftBehind = failed != null && (transactional || failed.index() == 1);
                    if (LockRetryPolicy.isLockTimeout(sql) && attempt <= retry.retries() && nothingLeftBehind) {
                        Log.infof(
                                "lock timeout requestId=%s version=%s attempt=%d, retrying",
                                change.requestId(), failed.version(), attempt);
                        if (!transactional) {
                            flyway.repair(); // forget the failed history row so the migration runs again
                        }
                        tracker.restartFailedMigration();
                        retry.pauseBefore(attempt);
                        continue;
                    }
                    throw new MigrationFailed(
                            failureReport(e, sql, failed, transactional, tracker.applied(), dropped, watch, attempt),
                            LockRetryPolicy.isLockTimeout(sql),
                            e);
                }
            }
        } catch (SQLException e) {
            throw new MigrationFailed(
                    "cannot connect to the target as " + login.role() + ": " + LockRetryPolicy.describe(e), true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrationFailed("interrupted while waiting to retry", true, e);
        }
    }

    private static Map<String, List<StatementSplitter.Statement>> split(List<MigrationSource> migrations)
            throws MigrationFailed {
        Map<String, List<StatementSplitter.Statement>> statements = new HashMap<>();
        for (MigrationSource migration : migrations) {
            try {
                statements.put(normalVersion(migration.version()), StatementSplitter.split(migration.sql()));
            } catch (RuntimeException e) {
                throw new MigrationFailed(
                        "version " + migration.version() + " cannot be split into statements: " + e.getMessage(),
                        false,
                        e);
            }
        }
        return statements;
    }

    /** Flyway's view of each requested version, in the request's order. */
    private static Map<String, MigrationState> statesOfRequested(TeamLogin login, SchemaChange change)
            throws MigrationFailed {
        Map<String, MigrationState> byVersion = new LinkedHashMap<>();
        change.migrations().forEach(m -> byVersion.put(normalVersion(m.version()), MigrationState.PENDING));
        try {
            Flyway flyway = flyway(login, change, null);
            for (MigrationInfo info : flyway.info().all()) {
                String version =
                        info.getVersion() == null ? null : info.getVersion().getVersion();
                // the newest entry for a version wins: an undone (DELETED) version shows up again as PENDING
                if (version != null
                        && byVersion.containsKey(version)
                        && info.getState().isResolved()) {
                    byVersion.put(version, info.getState());
                }
            }
        } catch (FlywayException e) {
            SQLException sql = LockRetryPolicy.sqlCause(e);
            throw new MigrationFailed(
                    "cannot read the migration history of " + change.schema() + " as " + login.role() + ": "
                            + (sql != null ? LockRetryPolicy.describe(sql) : e.getMessage()),
                    sql != null
                            && sql.getSQLState() != null
                            && sql.getSQLState().startsWith("08"),
                    e);
        }
        return byVersion;
    }

    private static Flyway flyway(TeamLogin login, SchemaChange change, MigrationRunTracker tracker) {
        var configuration = Flyway.configure()
                // a session-level advisory lock: the default transactional one keeps a transaction open that
                // CREATE INDEX CONCURRENTLY would wait for forever
                .configuration(Map.of("flyway.postgresql.transactional.lock", "false"))
                .dataSource(login.urlWithApplicationName(), login.role(), login.password())
                .schemas(change.schema())
                .defaultSchema(change.schema())
                .createSchemas(false)
                .table(HISTORY_TABLE)
                .resourceProvider(new InMemoryMigrations(change.migrations()))
                .placeholderReplacement(false)
                .mixed(true)
                .outOfOrder(change.allowOutOfOrder())
                // earlier requests' versions are not part of this request: absent here is not an error
                .ignoreMigrationPatterns("*:missing", "*:future")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .baselineDescription("history started by the platform")
                .initSql(change.limits().initSql())
                .connectRetries(0);
        if (tracker != null) {
            configuration.callbacks(tracker);
        }
        return configuration.load();
    }

    private static boolean isTransactional(List<StatementSplitter.Statement> statements) {
        return statements != null && statements.stream().allMatch(StatementSplitter.Statement::transactional);
    }

    private static List<String> versionsIn(Map<String, MigrationState> states, Set<MigrationState> wanted) {
        List<String> versions = new ArrayList<>();
        states.forEach((version, state) -> {
            if (wanted.contains(state)) {
                versions.add(version);
            }
        });
        return versions;
    }

    /** The version as Flyway prints it ("01.2" → "1.2"). */
    public static String normalVersion(String version) {
        return MigrationVersion.fromVersion(version).getVersion();
    }

    private static String validationFailure(FlywayValidateException e) {
        // Flyway's own text names the version ("Migration checksum mismatch for migration version 1"); drop its
        // advice lines about command-line flags, which teams cannot use here.
        return "validation failed: "
                + e.getMessage()
                        .lines()
                        .filter(line -> !line.startsWith("Need more flexibility") && !line.startsWith("Either revert"))
                        .filter(line -> !line.startsWith("Validate failed: Migrations have failed validation"))
                        .collect(Collectors.joining("; "));
    }

    private static String failureReport(
            FlywayException e,
            SQLException sql,
            MigrationRunTracker.FailedStatement failed,
            boolean transactional,
            List<String> applied,
            Set<String> droppedIndexes,
            BlockerWatch watch,
            int attempts) {
        StringBuilder report = new StringBuilder();
        if (failed != null) {
            report.append("version ")
                    .append(failed.version())
                    .append(" (")
                    .append(failed.description())
                    .append("), statement ")
                    .append(failed.index())
                    .append(" of ")
                    .append(failed.count())
                    .append(" failed: ");
        }
        report.append(
                sql != null
                        ? LockRetryPolicy.describe(sql)
                        : e.getMessage().lines().findFirst().orElse(""));
        if (LockRetryPolicy.isLockTimeout(sql)) {
            report.append("; gave up after ").append(attempts).append(" attempt(s)");
            List<Blocker> blockers = watch.lastSeen();
            report.append(
                    blockers.isEmpty()
                            ? "; the blocking session was not observed"
                            : "; blocked by "
                                    + blockers.stream().map(Blocker::toString).collect(Collectors.joining("; ")));
        }
        if (failed != null) {
            report.append("; statement: ").append(abbreviate(failed.sql()));
            report.append(
                    transactional
                            ? "; version " + failed.version() + " was rolled back"
                            : "; version " + failed.version() + " ran outside a transaction: "
                                    + (failed.index() == 1
                                            ? "none of its statements took effect"
                                            : "statements 1 to " + (failed.index() - 1) + " stay applied")
                                    + " and the history records it as failed (a DBA repairs it)");
        }
        if (!applied.isEmpty()) {
            report.append("; applied before the failure: ").append(String.join(", ", applied));
        }
        if (!droppedIndexes.isEmpty()) {
            report.append("; dropped INVALID index(es) left behind: ").append(String.join(", ", droppedIndexes));
        }
        return report.toString();
    }

    private static String abbreviate(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ").trim().replaceAll(";$", "");
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 197) + "...";
    }
}
