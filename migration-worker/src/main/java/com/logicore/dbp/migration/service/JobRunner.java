package com.logicore.dbp.migration.service;

import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.events.payload.JobRequested;
import com.logicore.dbp.events.request.CreateIndexPayload;
import com.logicore.dbp.migration.config.TargetConfig;
import com.logicore.dbp.migration.index.IndexBuilder;
import com.logicore.dbp.migration.index.IndexStatement;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;

/**
 * Runs one approved job: records its start, takes the schema's lock (one job per {@code database/schema} at a time;
 * the lease is renewed while the job runs and lapses if this process dies), executes, records the outcome.
 */
@ApplicationScoped
public class JobRunner {

    private final JobRecorder recorder;
    private final IndexBuilder indexBuilder;
    private final RedissonClient redisson;
    private final TargetConfig config;

    public JobRunner(JobRecorder recorder, IndexBuilder indexBuilder, RedissonClient redisson, TargetConfig config) {
        this.recorder = recorder;
        this.indexBuilder = indexBuilder;
        this.redisson = redisson;
        this.config = config;
    }

    public void run(JobRequested job) throws Throwable {
        if (recorder.start(job) == JobRecorder.Start.ALREADY_DONE) {
            Log.infof("job already finished, replay ignored requestId=%s", job.requestId());
            return;
        }
        long started = System.currentTimeMillis();
        if (job.type() != RequestType.CREATE_INDEX) {
            recorder.failed(
                    job, job.type() + " is not executed by this worker yet; a DBA runs it by hand for now", false, 0);
            return;
        }
        RLock lock = redisson.getLock("schema-lock:" + job.schemaKey());
        // No lease time: Redisson's watchdog renews the lease while this thread holds the lock.
        if (!lock.tryLock(config.schemaLockWait().toMillis(), TimeUnit.MILLISECONDS)) {
            recorder.failed(
                    job,
                    "another job on " + job.schemaKey() + " ran longer than " + config.schemaLockWait(),
                    true,
                    System.currentTimeMillis() - started);
            return;
        }
        try {
            buildIndex(job, started);
        } finally {
            lock.unlock();
        }
    }

    private void buildIndex(JobRequested job, long started) throws Throwable {
        var index = IndexStatement.of(
                job.targetSchema(), EventJson.mapper().convertValue(job.payload(), CreateIndexPayload.class));
        Log.infof(
                "building index requestId=%s team=%s index=%s.%s",
                job.requestId(), job.team(), index.schema(), index.name());
        try {
            var outcome = indexBuilder.build(job.team(), index);
            long duration = System.currentTimeMillis() - started;
            var result = EventJson.mapper()
                    .valueToTree(Map.of(
                            "index", index.schema() + "." + outcome.indexName(),
                            "sql", index.sql(),
                            "alreadyExisted", outcome.alreadyExisted(),
                            "sizeBytes", outcome.sizeBytes()));
            String summary = outcome.alreadyExisted()
                    ? "index " + outcome.indexName() + " already existed; nothing built"
                    : "index " + outcome.indexName() + " built in " + duration + " ms";
            recorder.succeeded(job, summary, result, duration);
            Log.infof(
                    "index ready requestId=%s index=%s.%s durationMs=%d",
                    job.requestId(), index.schema(), outcome.indexName(), duration);
        } catch (IndexBuilder.BuildFailed e) {
            Log.warnf("index build failed requestId=%s: %s", job.requestId(), e.getMessage());
            recorder.failed(job, e.getMessage(), e.retryable(), System.currentTimeMillis() - started);
        }
    }
}
