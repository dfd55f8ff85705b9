package com.logicore.dbp.migration.service;

import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.payload.GrantRevokeRequested;
import com.logicore.dbp.events.payload.RequestExpired;
import com.logicore.dbp.migration.persistence.AccessGrants;
import com.logicore.dbp.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;

/**
 * Revokes expired access grants, one instance cluster-wide (a Redisson lock): the role loses LOGIN, its sessions are
 * terminated, its privileges and the role itself are dropped, and {@code RequestExpired} goes out through the outbox
 * so request-api moves the request to EXPIRED. {@code VALID UNTIL} alone is not enough: it only applies to password
 * logins and does not end open sessions. {@link #revokeEarly} does the same before expiry when the requester asks.
 */
@ApplicationScoped
public class GrantRevoker {

    /** How long an early revoke waits for a scheduled round in progress. */
    private static final Duration EARLY_REVOKE_WAIT = Duration.ofSeconds(30);

    private final AccessGrants grants;
    private final TeamLogins logins;
    private final Outbox outbox;
    private final RedissonClient redisson;

    public GrantRevoker(AccessGrants grants, TeamLogins logins, Outbox outbox, RedissonClient redisson) {
        this.grants = grants;
        this.logins = logins;
        this.outbox = outbox;
        this.redisson = redisson;
    }

    @Scheduled(every = "${dbp.grants.revoke-every:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void revokeExpired() {
        RLock lock = redisson.getLock("grant-revoker");
        if (!lock.tryLock()) {
            return; // another instance is at it
        }
        try {
            for (var due : grants.due(Instant.now())) {
                revoke(due, "access grant expired at " + due.expiresAt() + "; role revoked, sessions ended");
            }
        } catch (Throwable e) {
            Log.warnf("revoking expired grants failed, next round retries: %s", e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends a grant before its expiry, on request. Takes the same lock as the scheduled round so the two never drop the
     * same role at once; a grant already revoked (expired meanwhile, or a redelivered request) is left alone.
     */
    public void revokeEarly(GrantRevokeRequested command) throws Throwable {
        RLock lock = redisson.getLock("grant-revoker");
        if (!lock.tryLock(EARLY_REVOKE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the grant revoker is busy; the early revoke is retried");
        }
        try {
            var grant = grants.active(UUID.fromString(command.requestId()));
            if (grant.isEmpty()) {
                Log.infof("early revoke: no active grant requestId=%s, nothing to do", command.requestId());
                return;
            }
            String why = command.reason() == null || command.reason().isBlank() ? "" : ": " + command.reason();
            if (!revoke(
                    grant.get(),
                    "access grant revoked early at the request of " + command.requestedBy() + why
                            + "; role revoked, sessions ended")) {
                throw new IllegalStateException("the role of grant " + command.requestId() + " could not be dropped");
            }
        } finally {
            lock.unlock();
        }
    }

    /** Answers whether the grant is gone (role dropped, RequestExpired in the outbox, grant marked revoked). */
    private boolean revoke(AccessGrants.Due due, String reason) throws Throwable {
        String role = AccessGrantJob.quote(due.role());
        try (Connection admin = logins.admin("grant-revoker")) {
            if (exists(admin, due.role())) {
                try (Statement ddl = admin.createStatement()) {
                    ddl.execute("ALTER ROLE " + role + " NOLOGIN");
                }
                try (PreparedStatement terminate = admin.prepareStatement(
                        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = ?")) {
                    terminate.setString(1, due.role());
                    terminate.executeQuery().close();
                }
                try (Statement ddl = admin.createStatement()) {
                    ddl.execute("DROP OWNED BY " + role);
                    ddl.execute("DROP ROLE " + role);
                }
            }
        } catch (SQLException e) {
            Log.warnf("could not revoke role=%s requestId=%s: %s", due.role(), due.requestId(), e.getMessage());
            return false;
        }
        String id = due.requestId().toString();
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                () -> outbox.append(EventType.REQUEST_EXPIRED, id, id, new RequestExpired(id, reason))));
        grants.markRevoked(due.requestId());
        Log.infof("access grant revoked requestId=%s role=%s: %s", id, due.role(), reason);
        return true;
    }

    private static boolean exists(Connection admin, String role) throws SQLException {
        try (PreparedStatement query = admin.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            query.setString(1, role);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        }
    }
}
