package com.logicore.dbp.monitoring.dbhealth;

import com.logicore.dbp.events.payload.HealthFinding;
import com.logicore.dbp.monitoring.config.MonitoringConfig;
import com.logicore.dbp.monitoring.messaging.PlatformEmitter;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RedissonClient;

/**
 * Runs the database health probes on a schedule, on one instance cluster-wide: the instance that takes the Redisson
 * lock keeps it for most of the interval (it is not released), so the other instances skip that tick. Each finding is
 * stored (replacing the probe's previous ones) and published to {@code dbp.health}.
 */
@ApplicationScoped
public class HealthProbes {

    static final String LOCK = "monitoring:health-probes";

    private final PostgresProbe postgres;
    private final RedisProbe redis;
    private final MongoProbe mongo;
    private final FindingStore store;
    private final PlatformEmitter emitter;
    private final RedissonClient redisson;
    private final MonitoringConfig config;

    public HealthProbes(
            PostgresProbe postgres,
            RedisProbe redis,
            MongoProbe mongo,
            FindingStore store,
            PlatformEmitter emitter,
            RedissonClient redisson,
            MonitoringConfig config) {
        this.postgres = postgres;
        this.redis = redis;
        this.mongo = mongo;
        this.store = store;
        this.emitter = emitter;
        this.redisson = redisson;
        this.config = config;
    }

    @Scheduled(
            every = "${dbp.monitoring.probes.every:60s}",
            delay = 10,
            delayUnit = TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        long leaseMillis = Math.max(1000, (long) (intervalMillis() * 0.9));
        var lock = redisson.getLock(LOCK);
        try {
            if (!lock.tryLock(0, leaseMillis, TimeUnit.MILLISECONDS)) {
                Log.debug("health probes: another instance runs this interval");
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        runAll();
    }

    /** Runs every probe now; one failing probe does not stop the others. */
    public void runAll() {
        run(PostgresProbe.PROBE, postgres::probe);
        run(RedisProbe.PROBE, redis::probe);
        run(MongoProbe.PROBE, mongo::probe);
    }

    public void run(String probe, Callable<List<HealthFinding>> measure) {
        List<HealthFinding> findings;
        try {
            findings = measure.call();
        } catch (Exception e) {
            Log.warnf("health probe failed probe=%s error=%s", probe, e.toString());
            return;
        }
        store.replace(probe, findings);
        for (HealthFinding finding : findings) {
            emitter.health(finding.resource(), finding).await().atMost(Duration.ofSeconds(30));
        }
        Log.infof("health probe probe=%s findings=%d", probe, findings.size());
    }

    private long intervalMillis() {
        try {
            return Duration.parse("PT" + config.probes().every().toUpperCase()).toMillis();
        } catch (RuntimeException e) {
            return 60_000;
        }
    }
}
