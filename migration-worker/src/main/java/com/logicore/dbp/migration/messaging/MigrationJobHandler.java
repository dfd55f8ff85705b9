package com.logicore.dbp.migration.messaging;

import com.logicore.dbp.events.EventEnvelope;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.InvalidEventException;
import com.logicore.dbp.events.payload.JobRequested;
import com.logicore.dbp.migration.service.JobRunner;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.MDC;

/**
 * Consumes {@code dbp.jobs.migration}. Blocking and ordered: jobs of one schema run in the order they were approved,
 * on a worker thread (the Redisson lock belongs to its thread). Poison records go to the dead-letter topic.
 */
@ApplicationScoped
public class MigrationJobHandler {

    private final JobRunner runner;

    public MigrationJobHandler(JobRunner runner) {
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
            runner.run(job);
        } catch (InvalidEventException e) {
            throw e;
        } catch (Throwable e) {
            Log.errorf(e, "job could not be recorded requestId=%s; it goes to the dead-letter topic", job.requestId());
            throw e;
        } finally {
            MDC.remove("requestId");
        }
    }
}
