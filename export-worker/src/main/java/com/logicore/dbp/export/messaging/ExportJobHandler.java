package com.logicore.dbp.export.messaging;

import com.logicore.dbp.events.EventEnvelope;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.InvalidEventException;
import com.logicore.dbp.events.payload.JobRequested;
import com.logicore.dbp.export.service.JobRunner;
import com.logicore.dbp.jobs.JobRetries;
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
            // Idempotent (its job_run row): an outage of the worker's own database or Redis is waited out.
            JobRetries.STANDARD.untilDone(job.requestId(), () -> runner.run(job));
        } finally {
            MDC.remove("requestId");
        }
    }
}
