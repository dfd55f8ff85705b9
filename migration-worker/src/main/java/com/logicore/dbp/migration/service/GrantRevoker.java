package com.logicore.dbp.migration.service;

import com.logicore.dbp.events.EventType;
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
import java.time.Instant;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;

/**
 * Revokes expired access grants, one instance cluster-wide (a Redisson lock): the role loses LOGIN, its sessions are
 * terminated, its privileges and the role itself are dropped, and {@code RequestExpired} goes out through the outbox
 * so request-api moves the request to EXPIRED. {@code VALID UNTIL} alone is not enough: it only applies to password
 * logins and does not end open sessions.
 */
@ApplicationScoped
public class GrantRevoker {

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
                revoke(due);
            }
        } catch (Throwable e) {
            Log.warnf("revoking expired grants failed, next round retries: %s", e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    private void revoke(AccessGrants.Due due) throws Throwable {
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
            return;
        }
        String id = due.requestId().toString();
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> outbox.append(
                EventType.REQUEST_EXPIRED,
                id,
                id,
                new RequestExpired(
                        id, "access grant expired at " + due.expiresAt() + "; role revoked, sessions ended"))));
        grants.markRevoked(due.requestId());
        Log.infof("access grant revoked requestId=%s role=%s", id, due.role());
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
