package com.logicore.dbp.migration.service;

import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.payload.HealthFinding;
import com.logicore.dbp.events.payload.JobRequested;
import com.logicore.dbp.migration.drift.CatalogReader;
import com.logicore.dbp.migration.drift.StructureDiff;
import com.logicore.dbp.migration.persistence.SchemaSnapshots;
import com.logicore.dbp.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;

/**
 * Drift detection. After each successful change the schema's structure is stored ({@link #snapshotAfter}); a scheduled
 * check, one instance cluster-wide (Redisson lock {@code drift-check}), compares every managed schema's live catalog
 * with it and announces a {@code postgres.schema-drift} finding on {@code dbp.health} when the differences change:
 * once per new drift state, and once more (INFO) when the schema matches its snapshot again.
 */
@ApplicationScoped
public class DriftWatch {

    public static final String KIND = "postgres.schema-drift";

    private final SchemaSnapshots snapshots;
    private final TeamLogins logins;
    private final Outbox outbox;
    private final RedissonClient redisson;

    public DriftWatch(SchemaSnapshots snapshots, TeamLogins logins, Outbox outbox, RedissonClient redisson) {
        this.snapshots = snapshots;
        this.logins = logins;
        this.outbox = outbox;
        this.redisson = redisson;
    }

    /**
     * Stores the schema's structure after the job changed it; called while the job holds the schema's lock, so no check
     * compares a half-applied change. A failure here is logged, never fails the job: the change itself succeeded.
     */
    public void snapshotAfter(JobRequested job, String schema, String team) {
        try (Connection admin = logins.admin("snapshot:" + job.requestId())) {
            var structure = CatalogReader.read(admin, schema);
            if (structure.isPresent()) {
                snapshots.save(job.targetDatabase(), schema, team, structure.get(), UUID.fromString(job.requestId()));
            }
        } catch (Exception e) {
            Log.warnf(
                    "schema snapshot failed requestId=%s schema=%s; drift is checked against the previous one: %s",
                    job.requestId(), schema, e.getMessage());
        }
    }

    @Scheduled(every = "${dbp.drift.check-every:5m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        checkNow();
    }

    /** Compares every managed schema with its snapshot; answers how many findings were announced. */
    public int checkNow() {
        RLock lock = redisson.getLock("drift-check");
        if (!lock.tryLock()) {
            return 0; // another instance is at it
        }
        int announced = 0;
        try (Connection admin = logins.admin("drift-check")) {
            for (String key : snapshots.managed()) {
                int slash = key.indexOf('/');
                try {
                    if (check(admin, key.substring(0, slash), key.substring(slash + 1))) {
                        announced++;
                    }
                } catch (Throwable e) {
                    Log.warnf("drift check failed schema=%s, next round retries: %s", key, e.getMessage());
                }
            }
        } catch (Exception e) {
            Log.warnf("drift check failed, next round retries: %s", e.getMessage());
        } finally {
            lock.unlock();
        }
        return announced;
    }

    private boolean check(Connection admin, String database, String schema) throws Throwable {
        RLock schemaLock = redisson.getLock(JobRunner.schemaLockName(database + "/" + schema));
        if (!schemaLock.tryLock()) {
            return false; // a job is changing it right now; the next round compares with its new snapshot
        }
        try {
            var snapshot = snapshots.find(database, schema).orElse(null);
            if (snapshot == null) {
                return false;
            }
            List<String> differences =
                    StructureDiff.between(schema, snapshot.structure(), CatalogReader.read(admin, schema));
            String drift = differences.isEmpty() ? null : String.join("\n", differences);
            if (Objects.equals(drift, snapshot.reportedDrift())) {
                return false; // nothing new to say
            }
            HealthFinding finding = finding(snapshot, differences);
            String resource = finding.resource();
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> snapshots
                    .markReported(database, schema, drift)
                    .flatMap(updated -> outbox.append(EventType.HEALTH_FINDING, resource, resource, finding))));
            Log.infof(
                    "schema drift %s resource=%s team=%s differences=%d",
                    differences.isEmpty() ? "resolved" : "found", resource, snapshot.team(), differences.size());
            return true;
        } finally {
            schemaLock.unlock();
        }
    }

    private static HealthFinding finding(SchemaSnapshots.Snapshot snapshot, List<String> differences) {
        String where = snapshot.database() + "/" + snapshot.schema();
        var metrics = EventJson.mapper().createObjectNode();
        metrics.set("differences", EventJson.mapper().valueToTree(differences));
        metrics.put("snapshotTakenAt", snapshot.takenAt().toString());
        metrics.put("snapshotTakenAfter", snapshot.takenAfter().toString());
        String message = differences.isEmpty()
                ? "schema " + where + " matches its last platform change again"
                : "schema " + where + " differs from its last platform change (request " + snapshot.takenAfter()
                        + "): " + String.join("; ", differences)
                        + ". Bring the change in through a SCHEMA_CHANGE request or undo it; the next migration may"
                        + " fail on it or silently build on it";
        return new HealthFinding(
                KIND,
                "postgres:" + where,
                snapshot.team(),
                differences.isEmpty() ? HealthFinding.Severity.INFO : HealthFinding.Severity.WARNING,
                message,
                metrics,
                Instant.now());
    }
}
