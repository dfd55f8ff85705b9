package com.logicore.dbp.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.payload.EventPayload;
import com.logicore.dbp.events.payload.JobFailed;
import com.logicore.dbp.events.payload.JobProgress;
import com.logicore.dbp.events.payload.JobRequested;
import com.logicore.dbp.events.payload.JobStarted;
import com.logicore.dbp.events.payload.JobSucceeded;
import com.logicore.dbp.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * A worker's own records: a job's run and the status events announcing it, committed together through the outbox.
 * Called from the blocking job thread; each method runs its transaction on a Vert.x context and waits for it.
 */
@ApplicationScoped
public class JobRecorder {

    /** What to do with an incoming job. */
    private enum Start {
        /** New, or interrupted before it finished (a crash): run it. */
        RUN,
        /** Already finished: a replay, nothing to do. */
        ALREADY_DONE
    }

    /** The work of one job, run once its start is recorded. */
    @FunctionalInterface
    public interface Execution {
        JobOutcome execute() throws Exception;
    }

    private final Outbox outbox;
    private final String worker;

    public JobRecorder(Outbox outbox, JobsConfig config) {
        this.outbox = outbox;
        this.worker = config.worker();
    }

    /**
     * Runs a job under its record: a finished job replayed is skipped, an interrupted one runs again; the outcome, or
     * a {@link JobFailure}, is recorded with its status event. Other errors propagate (the caller retries the run).
     */
    public void run(JobRequested job, Execution execution) throws Throwable {
        if (start(job) == Start.ALREADY_DONE) {
            Log.infof("job already finished, replay ignored requestId=%s", job.requestId());
            return;
        }
        long started = System.currentTimeMillis();
        Log.infof("job running requestId=%s type=%s team=%s", job.requestId(), job.type(), job.team());
        try {
            JobOutcome outcome = execution.execute();
            long duration = System.currentTimeMillis() - started;
            succeeded(job, outcome.summary(), outcome.result(), duration);
            Log.infof(
                    "job succeeded requestId=%s type=%s durationMs=%d: %s",
                    job.requestId(), job.type(), duration, outcome.summary());
        } catch (JobFailure e) {
            Log.warnf(
                    "job failed requestId=%s type=%s retryable=%s: %s",
                    job.requestId(), job.type(), e.retryable(), e.getMessage());
            failed(job, e.getMessage(), e.retryable(), System.currentTimeMillis() - started);
        }
    }

    private Start start(JobRequested job) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> JobRun.<JobRun>findById(
                        UUID.fromString(job.requestId()), LockModeType.PESSIMISTIC_WRITE)
                .flatMap(run -> {
                    if (run != null && run.status != JobRun.Status.RUNNING) {
                        return Uni.createFrom().item(Start.ALREADY_DONE);
                    }
                    if (run != null) {
                        run.attempts++;
                        return announceStart(
                                job, "resuming after an interrupted attempt (attempt " + run.attempts + ")");
                    }
                    JobRun created = new JobRun();
                    created.requestId = UUID.fromString(job.requestId());
                    created.type = job.type().name();
                    created.team = job.team();
                    created.targetDatabase = job.targetDatabase();
                    created.targetSchema = job.targetSchema();
                    created.status = JobRun.Status.RUNNING;
                    created.attempts = 1;
                    created.startedAt = now();
                    return created.persist().flatMap(saved -> announceStart(job, "started on " + job.schemaKey()));
                })));
    }

    private Uni<Start> announceStart(JobRequested job, String detail) {
        String id = job.requestId();
        return outbox.append(EventType.JOB_STARTED, id, id, new JobStarted(id, worker, detail))
                .replaceWith(Start.RUN);
    }

    /**
     * A progress event on its own short transaction; the job's state does not change. Progress is informative: an
     * event that cannot be recorded is logged and the job goes on.
     */
    public void progress(JobRequested job, Integer percent, Long rows, Long etaSeconds, String detail) {
        String id = job.requestId();
        try {
            announce(EventType.JOB_PROGRESS, id, new JobProgress(id, percent, rows, etaSeconds, detail));
        } catch (Throwable e) {
            Log.warnf("progress event not recorded requestId=%s: %s", id, e.getMessage());
        }
    }

    /** An event about a job that changes no job_run row (progress, a purged export), on its own transaction. */
    public void announce(EventType type, String requestId, EventPayload event) throws Throwable {
        VertxContextSupport.subscribeAndAwait(
                () -> Panache.withTransaction(() -> outbox.append(type, requestId, requestId, event)));
    }

    private void succeeded(JobRequested job, String summary, JsonNode result, long durationMillis) throws Throwable {
        finish(
                job,
                JobRun.Status.SUCCEEDED,
                result.toString(),
                null,
                EventType.JOB_SUCCEEDED,
                new JobSucceeded(job.requestId(), summary, result, durationMillis));
    }

    private void failed(JobRequested job, String error, boolean retryable, long durationMillis) throws Throwable {
        finish(
                job,
                JobRun.Status.FAILED,
                null,
                error,
                EventType.JOB_FAILED,
                new JobFailed(job.requestId(), error, retryable, durationMillis));
    }

    private void finish(
            JobRequested job, JobRun.Status status, String result, String error, EventType type, EventPayload event)
            throws Throwable {
        String id = job.requestId();
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                () -> JobRun.<JobRun>findById(UUID.fromString(id), LockModeType.PESSIMISTIC_WRITE)
                        .flatMap(run -> {
                            run.status = status;
                            run.finishedAt = now();
                            run.result = result;
                            run.error = error;
                            return outbox.append(type, id, id, event);
                        })));
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
