package com.logicore.dbp.migration.schema;

import io.quarkus.logging.Log;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Watches a job's sessions (found by their {@code application_name}) while it runs and remembers who blocked them
 * last ({@code pg_blocking_pids}): once {@code lock_timeout} fires, the waiting is over and the evidence with it, so it
 * has to be observed while the statement waits. Runs on a monitoring connection that may read other sessions' queries.
 */
public final class BlockerWatch implements AutoCloseable {

    private static final String BLOCKERS =
            """
            SELECT b.pid, b.usename, b.state,
                   extract(epoch FROM now() - coalesce(b.xact_start, b.query_start, b.backend_start))::bigint,
                   left(b.query, 300)
              FROM pg_stat_activity w
              CROSS JOIN LATERAL unnest(pg_blocking_pids(w.pid)) AS blocking(pid)
              JOIN pg_stat_activity b ON b.pid = blocking.pid
             WHERE w.application_name = ?""";

    private final ScheduledExecutorService poller;
    private final Connection monitor;
    private volatile List<Blocker> lastSeen = List.of();

    private BlockerWatch(Connection monitor, String applicationName, long periodMillis) {
        this.monitor = monitor;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "blocker-watch-" + applicationName);
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(() -> poll(applicationName), periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Starts watching; when no monitoring connection can be opened the job still runs, only without blocker details. */
    public static BlockerWatch start(Supplier<Connection> monitor, String applicationName, long periodMillis) {
        Connection connection = null;
        try {
            connection = monitor.get();
        } catch (RuntimeException e) {
            Log.warnf("no monitoring connection, blockers will not be reported: %s", e.getMessage());
        }
        return new BlockerWatch(connection, applicationName, periodMillis);
    }

    private void poll(String applicationName) {
        if (monitor == null) {
            return;
        }
        try (PreparedStatement query = monitor.prepareStatement(BLOCKERS)) {
            query.setString(1, applicationName);
            List<Blocker> blockers = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    blockers.add(new Blocker(
                            rs.getInt(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5)));
                }
            }
            if (!blockers.isEmpty()) {
                lastSeen = List.copyOf(blockers);
            }
        } catch (SQLException e) {
            Log.debugf("blocker poll failed: %s", e.getMessage());
        }
    }

    /** The blockers seen most recently (empty when none was ever seen). */
    public List<Blocker> lastSeen() {
        return lastSeen;
    }

    /** Forgets what was seen (before a retry, so a report names the blocker of the last attempt). */
    public void reset() {
        lastSeen = List.of();
    }

    @Override
    public void close() {
        poller.shutdownNow();
        try {
            poller.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (monitor != null) {
            try {
                monitor.close();
            } catch (SQLException ignored) {
                // closing a monitoring connection that already broke
            }
        }
    }
}
