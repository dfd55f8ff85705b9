package com.logicore.dbp.migration.schema;

import java.sql.SQLException;
import java.time.Duration;

/** How often a statement that hit {@code lock_timeout} is tried again, and how long to wait in between. */
public record LockRetryPolicy(int retries, Duration firstBackoff) {

    /** Waits before retry {@code attempt} (1-based): the first back-off doubled each time. */
    public void pauseBefore(int attempt) throws InterruptedException {
        Thread.sleep(firstBackoff.toMillis() << Math.min(attempt - 1, 10));
    }

    /** 55P03 lock_not_available: {@code lock_timeout} expired. */
    public static boolean isLockTimeout(SQLException e) {
        return e != null && "55P03".equals(e.getSQLState());
    }

    /** The first SQLException in a cause chain. */
    public static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    public static String describe(SQLException e) {
        return e.getMessage() + (e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")");
    }
}
