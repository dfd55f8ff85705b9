package com.logicore.dbp.migration.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Runs one applied migration's undo script under the same guardrails as the migration (the team's login role, the
 * session limits, lock-timeout retries naming the blocker) and records it in the schema's Flyway history as a
 * {@code DELETE} entry: Flyway then treats the version as not applied, so it can be applied again later. A
 * transactional undo and its history entry commit together.
 */
public final class UndoRunner {

    /** The undo of one version. */
    public record Undo(String version, String description, String undoSql) {}

    /** {@code alreadyUndone}: the history already showed the version undone (a replayed rollback). */
    public record Outcome(boolean alreadyUndone, int statements) {}

    private final LockRetryPolicy retry;
    private final Supplier<Connection> monitor;

    public UndoRunner(LockRetryPolicy retry, Supplier<Connection> monitor) {
        this.retry = retry;
        this.monitor = monitor;
    }

    public Outcome undo(
            TeamLogin login,
            String schema,
            String rollbackRequestId,
            Undo undo,
            SessionLimits limits,
            ProgressListener progress)
            throws MigrationFailed {
        List<StatementSplitter.Statement> statements = StatementSplitter.split(undo.undoSql());
        boolean transactional = statements.stream().allMatch(StatementSplitter.Statement::transactional);
        try (BlockerWatch watch = BlockerWatch.start(monitor, login.applicationName(), 200);
                Connection connection = login.open()) {
            try (Statement setup = connection.createStatement()) {
                setup.execute(limits.initSql());
                setup.execute("SET search_path TO " + InvalidIndexes.quote(schema));
            }
            String state = latestHistoryEntry(connection, schema, undo.version());
            if ("DELETE".equals(state)) {
                return new Outcome(true, 0);
            }
            if (!"SQL:true".equals(state)) {
                throw new MigrationFailed(
                        "version " + undo.version() + " is not applied in " + schema + "'s history (" + state
                                + "); nothing was undone",
                        false);
            }
            Set<String> invalidBefore = InvalidIndexes.in(connection, schema);
            for (int attempt = 1; ; attempt++) {
                int index = 0;
                try {
                    connection.setAutoCommit(!transactional);
                    for (StatementSplitter.Statement statement : statements) {
                        index++;
                        try (Statement run = connection.createStatement()) {
                            run.execute(statement.sql());
                        }
                        progress.progress(
                                index,
                                statements.size(),
                                "undo of version " + undo.version() + ", statement " + index + " of "
                                        + statements.size());
                    }
                    recordUndone(connection, schema, rollbackRequestId, undo);
                    if (transactional) {
                        connection.commit();
                    }
                    return new Outcome(false, statements.size());
                } catch (SQLException e) {
                    if (transactional) {
                        connection.rollback();
                    }
                    Set<String> dropped = InvalidIndexes.dropNew(connection, schema, invalidBefore);
                    boolean nothingLeftBehind = transactional || index == 1;
                    if (LockRetryPolicy.isLockTimeout(e) && attempt <= retry.retries() && nothingLeftBehind) {
                        retry.pauseBefore(attempt);
                        continue;
                    }
                    throw new MigrationFailed(
                            report(undo, index, statements, e, transactional, dropped, watch, attempt),
                            LockRetryPolicy.isLockTimeout(e),
                            e);
                }
            }
        } catch (SQLException e) {
            throw new MigrationFailed(
                    "cannot undo version " + undo.version() + " as " + login.role() + ": "
                            + LockRetryPolicy.describe(e),
                    true,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrationFailed("interrupted while waiting to retry", true, e);
        }
    }

    /** Versions currently applied in the schema (newest history entry a successful migration), oldest first. */
    public static List<String> appliedVersions(TeamLogin login, String schema) throws MigrationFailed {
        String table = InvalidIndexes.quote(schema) + "." + SchemaMigrator.HISTORY_TABLE;
        try (Connection connection = login.open();
                Statement query = connection.createStatement();
                ResultSet rs = query.executeQuery("SELECT DISTINCT ON (version) version, type, success FROM " + table
                        + " WHERE version IS NOT NULL ORDER BY version, installed_rank DESC")) {
            List<String> applied = new java.util.ArrayList<>();
            while (rs.next()) {
                if (!"DELETE".equals(rs.getString(2)) && !"BASELINE".equals(rs.getString(2)) && rs.getBoolean(3)) {
                    applied.add(rs.getString(1));
                }
            }
            return applied;
        } catch (SQLException e) {
            throw new MigrationFailed(
                    "cannot read the history of " + schema + " as " + login.role() + ": " + LockRetryPolicy.describe(e),
                    true,
                    e);
        }
    }

    /** {@code TYPE:success} of the newest history entry of the version, or "absent". */
    private static String latestHistoryEntry(Connection connection, String schema, String version) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT type, success FROM "
                + InvalidIndexes.quote(schema) + "." + SchemaMigrator.HISTORY_TABLE
                + " WHERE version = ? ORDER BY installed_rank DESC LIMIT 1")) {
            query.setString(1, version);
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    return "absent";
                }
                return "DELETE".equals(rs.getString(1)) ? "DELETE" : rs.getString(1) + ":" + rs.getBoolean(2);
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return "no history table";
            }
            throw e;
        }
    }

    private static void recordUndone(Connection connection, String schema, String rollbackRequestId, Undo undo)
            throws SQLException {
        String table = InvalidIndexes.quote(schema) + "." + SchemaMigrator.HISTORY_TABLE;
        String description = ("rollback " + rollbackRequestId + ": " + undo.description());
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table
                + " (installed_rank, version, description, type, script, checksum, installed_by, execution_time,"
                + " success) SELECT coalesce(max(installed_rank), 0) + 1, ?, ?, 'DELETE', ?, NULL, current_user, 0,"
                + " true FROM " + table)) {
            insert.setString(1, undo.version());
            insert.setString(2, description.length() > 200 ? description.substring(0, 200) : description);
            insert.setString(3, "U" + undo.version() + "__undo.sql");
            insert.executeUpdate();
        }
    }

    private static String report(
            Undo undo,
            int index,
            List<StatementSplitter.Statement> statements,
            SQLException e,
            boolean transactional,
            Set<String> dropped,
            BlockerWatch watch,
            int attempts) {
        StringBuilder report = new StringBuilder("undo of version ")
                .append(undo.version())
                .append(", statement ")
                .append(index)
                .append(" of ")
                .append(statements.size())
                .append(" failed: ")
                .append(LockRetryPolicy.describe(e));
        if (LockRetryPolicy.isLockTimeout(e)) {
            report.append("; gave up after ").append(attempts).append(" attempt(s)");
            report.append(
                    watch.lastSeen().isEmpty()
                            ? "; the blocking session was not observed"
                            : "; blocked by "
                                    + watch.lastSeen().stream()
                                            .map(Blocker::toString)
                                            .collect(Collectors.joining("; ")));
        }
        report.append(
                transactional
                        ? "; the undo was rolled back, version " + undo.version() + " stays applied"
                        : "; the undo ran outside a transaction: statements before " + index + " stay applied");
        if (!dropped.isEmpty()) {
            report.append("; dropped INVALID index(es) left behind: ").append(String.join(", ", dropped));
        }
        return report.toString();
    }
}
