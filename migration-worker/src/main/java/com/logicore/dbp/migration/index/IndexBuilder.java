package com.logicore.dbp.migration.index;

import com.logicore.dbp.migration.config.TargetConfig;
import com.logicore.dbp.migration.schema.TeamLogin;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Builds an index on the target database on a connection whose login role is the owning team's role (never a shared
 * role plus SET ROLE, which team SQL could reset), outside a transaction, under lock and statement timeouts.
 */
@ApplicationScoped
public class IndexBuilder {

    /** What happened. {@code alreadyExisted}: a valid index of that name was there, nothing was built. */
    public record Outcome(String indexName, boolean alreadyExisted, long sizeBytes) {}

    /** The build failed; {@code retryable} when running it again may succeed (lock or statement timeout). */
    public static class BuildFailed extends Exception {
        private final boolean retryable;

        BuildFailed(String message, boolean retryable, Throwable cause) {
            super(message, cause);
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private final TargetConfig config;

    public IndexBuilder(TargetConfig config) {
        this.config = config;
    }

    public Outcome build(TeamLogin login, IndexStatement index) throws BuildFailed {
        String role = login.role();
        try (Connection connection = login.open()) {
            connection.setAutoCommit(true); // CREATE INDEX CONCURRENTLY cannot run inside a transaction block
            try (Statement settings = connection.createStatement()) {
                settings.execute("SET lock_timeout = " + config.lockTimeout().toMillis());
                settings.execute(
                        "SET statement_timeout = " + config.statementTimeout().toMillis());
            }
            Optional<Boolean> valid = indexValidity(connection, index);
            if (valid.orElse(false)) {
                Log.infof("index exists, not built again index=%s.%s", index.schema(), index.name());
                return new Outcome(index.name(), true, size(connection, index));
            }
            if (valid.isPresent()) {
                Log.warnf("dropping invalid leftover index=%s.%s before building", index.schema(), index.name());
                dropInvalid(connection, index);
            }
            try (PreparedStatement create = connection.prepareStatement(index.sql())) {
                // A prepared statement holds exactly one command: nothing can be smuggled in through the predicate.
                create.execute();
            } catch (SQLException e) {
                cleanUpAfterFailure(connection, index);
                throw new BuildFailed(describe(e), isRetryable(e), e);
            }
            return new Outcome(index.name(), false, size(connection, index));
        } catch (SQLException e) {
            throw new BuildFailed("cannot connect as " + role + " or prepare the build: " + describe(e), true, e);
        }
    }

    /** Empty when no index of that name exists; else whether it is valid. */
    private static Optional<Boolean> indexValidity(Connection connection, IndexStatement index) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                """
                SELECT i.indisvalid FROM pg_class c
                  JOIN pg_namespace n ON n.oid = c.relnamespace
                  JOIN pg_index i ON i.indexrelid = c.oid
                 WHERE n.nspname = ? AND c.relname = ?""")) {
            query.setString(1, index.schema());
            query.setString(2, index.name());
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBoolean(1)) : Optional.empty();
            }
        }
    }

    /** A failed concurrent build leaves an INVALID index behind: drop it, so the table is as it was. */
    private static void cleanUpAfterFailure(Connection connection, IndexStatement index) {
        try {
            if (indexValidity(connection, index).map(v -> !v).orElse(false)) {
                dropInvalid(connection, index);
                Log.infof("dropped invalid index left by the failed build index=%s.%s", index.schema(), index.name());
            }
        } catch (SQLException e) {
            Log.errorf("could not drop invalid index %s.%s: %s", index.schema(), index.name(), e.getMessage());
        }
    }

    private static void dropInvalid(Connection connection, IndexStatement index) throws SQLException {
        try (Statement drop = connection.createStatement()) {
            drop.execute("DROP INDEX CONCURRENTLY IF EXISTS " + IndexStatement.quote(index.schema()) + "."
                    + IndexStatement.quote(index.name()));
        }
    }

    private static long size(Connection connection, IndexStatement index) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT pg_relation_size(to_regclass(?))")) {
            query.setString(1, IndexStatement.quote(index.schema()) + "." + IndexStatement.quote(index.name()));
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private static boolean isRetryable(SQLException e) {
        // 55P03 lock_not_available (lock_timeout), 57014 query_canceled (statement_timeout), 40P01 deadlock
        return "55P03".equals(e.getSQLState()) || "57014".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
    }

    private static String describe(SQLException e) {
        return e.getMessage() + (e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")");
    }
}
