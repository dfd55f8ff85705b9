package com.logicore.dbp.migration.service;

import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.events.payload.JobRequested;
import com.logicore.dbp.jobs.JobFailure;
import com.logicore.dbp.jobs.JobOutcome;
import com.logicore.dbp.jobs.JobRecorder;
import com.logicore.dbp.migration.config.TargetConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
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

    /** Job types after which the schema's structure is the platform's new reference for drift checks. */
    private static final Set<RequestType> CHANGES_STRUCTURE = EnumSet.of(
            RequestType.SCHEMA_CHANGE, RequestType.ROLLBACK, RequestType.PROVISION_SCHEMA, RequestType.CREATE_INDEX);

    private final JobRecorder recorder;
    private final RedissonClient redisson;
    private final TargetConfig config;
    private final DriftWatch drift;
    private final Map<RequestType, JobExecution> executions = new EnumMap<>(RequestType.class);

    public JobRunner(
            JobRecorder recorder,
            RedissonClient redisson,
            TargetConfig config,
            IndexJob indexJob,
            SchemaChangeJob schemaChangeJob,
            RollbackJob rollbackJob,
            ProvisionJob provisionJob,
            AccessGrantJob accessGrantJob,
            DriftWatch drift) {
        this.recorder = recorder;
        this.drift = drift;
        this.redisson = redisson;
        this.config = config;
        executions.put(RequestType.CREATE_INDEX, indexJob);
        executions.put(RequestType.SCHEMA_CHANGE, schemaChangeJob);
        executions.put(RequestType.ROLLBACK, rollbackJob);
        executions.put(RequestType.PROVISION_SCHEMA, provisionJob);
        executions.put(RequestType.ACCESS_GRANT, accessGrantJob);
    }

    public void run(JobRequested job) throws Throwable {
        recorder.run(job, () -> execute(job));
    }

    private JobOutcome execute(JobRequested job) throws Exception {
        JobExecution execution = executions.get(job.type());
        if (execution == null) {
            throw new JobFailure(
                    job.type() + " is not executed by this worker yet; a DBA runs it by hand for now", false);
        }
        String lockName = schemaLockName(lockKey(job));
        RLock lock = redisson.getLock(lockName);
        // No lease time: Redisson's watchdog renews the lease while this thread holds the lock.
        if (!lock.tryLock(config.schemaLockWait().toMillis(), TimeUnit.MILLISECONDS)) {
            throw new JobFailure(
                    "another job on " + lockKey(job) + " ran longer than " + config.schemaLockWait(), true);
        }
        try {
            JobOutcome done = execution.execute(job);
            if (CHANGES_STRUCTURE.contains(job.type())) {
                drift.snapshotAfter(job, targetSchema(job), owningTeam(job));
            }
            return done;
        } finally {
            lock.unlock();
        }
    }

    /** The Redisson lock that keeps jobs (and drift checks) on one {@code database/schema} apart. */
    static String schemaLockName(String schemaKey) {
        return "schema-lock:" + schemaKey;
    }

    /** The schema a job changes, as {@code database/schema}. */
    static String lockKey(JobRequested job) {
        return job.targetDatabase() + "/" + targetSchema(job);
    }

    /** The schema a job changes: for provisioning the new schema, otherwise the request's target. */
    private static String targetSchema(JobRequested job) {
        return isProvisioning(job) ? job.payload().get("schema").asText() : job.targetSchema();
    }

    /** The team that owns the schema: a provisioned schema's owning team may differ from the requester's. */
    private static String owningTeam(JobRequested job) {
        return isProvisioning(job) && job.payload().hasNonNull("owningTeam")
                ? job.payload().get("owningTeam").asText()
                : job.team();
    }

    private static boolean isProvisioning(JobRequested job) {
        return job.type() == RequestType.PROVISION_SCHEMA
                && job.payload() != null
                && job.payload().hasNonNull("schema");
    }
}
