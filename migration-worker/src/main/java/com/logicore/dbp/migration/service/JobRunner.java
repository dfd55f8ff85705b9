package com.logicore.dbp.migration.service;

import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.events.payload.JobRequested;
import com.logicore.dbp.migration.config.TargetConfig;
import com.logicore.dbp.migration.schema.MigrationFailed;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;

/**
 * Runs one approved job: records its start, takes the schema's lock (one job per {@code database/schema} at a time;
 * Redisson's watchdog renews the lease while the job runs, it lapses if this process dies, and it is released on any
 * outcome), executes, records the outcome.
 */
@ApplicationScoped
public class JobRunner {

    private final JobRecorder recorder;
    private final RedissonClient redisson;
    private final TargetConfig config;
    private final Map<RequestType, JobExecution> executions = new EnumMap<>(RequestType.class);

    public JobRunner(
            JobRecorder recorder,
            RedissonClient redisson,
            TargetConfig config,
            IndexJob indexJob,
            SchemaChangeJob schemaChangeJob,
            RollbackJob rollbackJob,
            ProvisionJob provisionJob,
            AccessGrantJob accessGrantJob) {
        this.recorder = recorder;
        this.redisson = redisson;
        this.config = config;
        executions.put(RequestType.CREATE_INDEX, indexJob);
        executions.put(RequestType.SCHEMA_CHANGE, schemaChangeJob);
        executions.put(RequestType.ROLLBACK, rollbackJob);
        executions.put(RequestType.PROVISION_SCHEMA, provisionJob);
        executions.put(RequestType.ACCESS_GRANT, accessGrantJob);
    }

    public void run(JobRequested job) throws Throwable {
        if (recorder.start(job) == JobRecorder.Start.ALREADY_DONE) {
            Log.infof("job already finished, replay ignored requestId=%s", job.requestId());
            return;
        }
        long started = System.currentTimeMillis();
        JobExecution execution = executions.get(job.type());
        if (execution == null) {
            recorder.failed(
                    job, job.type() + " is not executed by this worker yet; a DBA runs it by hand for now", false, 0);
            return;
        }
        String lockName = "schema-lock:" + lockKey(job);
        RLock lock = redisson.getLock(lockName);
        // No lease time: Redisson's watchdog renews the lease while this thread holds the lock.
        if (!lock.tryLock(config.schemaLockWait().toMillis(), TimeUnit.MILLISECONDS)) {
            recorder.failed(
                    job,
                    "another job on " + lockKey(job) + " ran longer than " + config.schemaLockWait(),
                    true,
                    System.currentTimeMillis() - started);
            return;
        }
        try {
            JobExecution.Done done = execution.execute(job);
            long duration = System.currentTimeMillis() - started;
            recorder.succeeded(job, done.summary(), done.result(), duration);
            Log.infof(
                    "job succeeded requestId=%s type=%s durationMs=%d: %s",
                    job.requestId(), job.type(), duration, done.summary());
        } catch (MigrationFailed e) {
            Log.warnf("job failed requestId=%s type=%s: %s", job.requestId(), job.type(), e.getMessage());
            recorder.failed(job, e.getMessage(), e.retryable(), System.currentTimeMillis() - started);
        } finally {
            lock.unlock();
        }
    }

    /** The schema a job changes: for provisioning the new schema, otherwise the request's target. */
    static String lockKey(JobRequested job) {
        if (job.type() == RequestType.PROVISION_SCHEMA
                && job.payload() != null
                && job.payload().hasNonNull("schema")) {
            return job.targetDatabase() + "/" + job.payload().get("schema").asText();
        }
        return job.schemaKey();
    }
}
