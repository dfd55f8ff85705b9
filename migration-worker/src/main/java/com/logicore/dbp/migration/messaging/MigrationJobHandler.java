package com.logicore.dbp.migration.messaging;

import com.logicore.dbp.events.EventEnvelope;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.InvalidEventException;
import com.logicore.dbp.events.payload.GrantRevokeRequested;
import com.logicore.dbp.events.payload.JobRequested;
import com.logicore.dbp.jobs.JobRetries;
import com.logicore.dbp.migration.service.GrantRevoker;
import com.logicore.dbp.migration.service.JobRunner;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.MDC;

/**
 * Consumes {@code dbp.jobs.migration}. Jobs of one schema run in the order they were approved; jobs of different
 * schemas run at the same time ({@link SchemaQueues}). A record is acknowledged only when its job has finished, and
 * the throttled commit strategy commits an offset only once every record before it is acknowledged, so a crash
 * re-delivers unfinished jobs (their runs are idempotent). Early revokes of access grants (from request-api) queue on
 * the same per-schema order. Poison records are nacked to the dead-letter topic.
 */
@ApplicationScoped
public class MigrationJobHandler {

    private final JobRunner runner;
    private final GrantRevoker revoker;
    private final SchemaQueues queues;

    public MigrationJobHandler(JobRunner runner, GrantRevoker revoker, SchemaQueues queues) {
        this.runner = runner;
        this.revoker = revoker;
        this.queues = queues;
    }

    @Incoming("jobs-in")
    public CompletionStage<Void> onJob(Message<byte[]> message) {
        JobRequested job;
        try {
            var metadata = message.getMetadata(IncomingKafkaRecordMetadata.class)
                    .orElseThrow(() -> new InvalidEventException("not a Kafka record"));
            EventEnvelope event = EventEnvelope.readFrom(metadata.getHeaders(), message.getPayload());
            if (EventType.GRANT_REVOKE_REQUESTED.ceType().equals(event.type())) {
                var revoke = EventJson.read(event.data(), GrantRevokeRequested.class);
                String schemaKey = String.valueOf(metadata.getKey());
                // behind the schema's queued jobs: a grant still being created is revoked once it exists
                return queues.submit(
                        schemaKey, () -> toTheEnd(revoke.requestId(), message, () -> revoker.revokeEarly(revoke)));
            }
            if (!EventType.JOB_REQUESTED.ceType().equals(event.type())) {
                throw new InvalidEventException(event.type() + " does not belong on " + metadata.getTopic());
            }
            job = EventJson.read(event.data(), JobRequested.class);
        } catch (RuntimeException e) {
            Log.errorf("unreadable job record goes to the dead-letter topic: %s", e.getMessage());
            return message.nack(e);
        }
        return queues.submit(job.schemaKey(), () -> toTheEnd(job.requestId(), message, () -> runner.run(job)));
    }

    /** Runs a record's work with retries, then acknowledges it (or nacks it to the dead-letter topic). */
    private static void toTheEnd(String requestId, Message<byte[]> message, JobRetries.Work work) {
        MDC.put("requestId", requestId);
        try {
            // Both idempotent: an outage of the worker's own database or Redis is waited out.
            JobRetries.STANDARD.untilDone(requestId, work);
            message.ack();
        } catch (Throwable e) {
            message.nack(e);
        } finally {
            MDC.remove("requestId");
        }
    }
}
