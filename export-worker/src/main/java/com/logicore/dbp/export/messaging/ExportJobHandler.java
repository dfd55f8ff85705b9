package com.logicore.dbp.export.messaging;

import com.logicore.dbp.events.EventEnvelope;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.InvalidEventException;
import com.logicore.dbp.events.payload.JobRequested;
import com.logicore.dbp.export.service.JobRunner;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.MDC;

/**
 * Consumes {@code dbp.jobs.export}. Blocking: a job runs on a worker thread (the Redisson lock belongs to its thread),
 * one record at a time. Poison records go to the dead-letter topic.
 */
@ApplicationScoped
public class ExportJobHandler {

    private static final int MAX_ATTEMPTS = 20;

    private final JobRunner runner;

    public ExportJobHandler(JobRunner runner) {
        this.runner = runner;
    }

    @Incoming("jobs-in")
    @Blocking
    public void onJob(ConsumerRecord<String, byte[]> record) throws Throwable {
        EventEnvelope event = EventEnvelope.readFrom(record.headers(), record.value());
        if (!EventType.JOB_REQUESTED.ceType().equals(event.type())) {
            throw new InvalidEventException(event.type() + " does not belong on " + record.topic());
        }
        JobRequested job = EventJson.read(event.data(), JobRequested.class);
        MDC.put("requestId", job.requestId());
        try {
            runWithRetries(job);
        } finally {
            MDC.remove("requestId");
        }
    }

    /**
     * A job's run is idempotent (its job_run row), so a failure to reach the worker's own database or Redis is retried
     * with back-off rather than dead-lettering the job and leaving its request waiting forever.
     */
    private void runWithRetries(JobRequested job) throws Throwable {
        long backoff = 500;
        for (int attempt = 1; ; attempt++) {
            try {
                runner.run(job);
                return;
            } catch (InvalidEventException e) {
                throw e;
            } catch (Throwable e) {
                if (attempt >= MAX_ATTEMPTS) {
                    Log.errorf(
                            e,
                            "job could not be run after %d attempts requestId=%s; it goes to the dead-letter topic",
                            attempt,
                            job.requestId());
                    throw e;
                }
                Log.warnf(
                        "job attempt %d failed requestId=%s, retrying in %d ms: %s",
                        attempt, job.requestId(), backoff, e.getMessage());
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 30_000);
            }
        }
    }
}
