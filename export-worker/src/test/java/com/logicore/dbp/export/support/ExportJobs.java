package com.logicore.dbp.export.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.events.payload.JobFailed;
import com.logicore.dbp.events.payload.JobRequested;
import com.logicore.dbp.events.payload.JobSucceeded;
import com.logicore.dbp.testkit.kafka.KafkaTestClient;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;

/** Sends jobs to the export worker over the real broker and waits for their status events. */
public final class ExportJobs implements AutoCloseable {

    public static final Duration WAIT = Duration.ofMinutes(3);
    private final KafkaTestClient kafka;

    public ExportJobs() {
        this(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    }

    public ExportJobs(String bootstrapServers) {
        kafka = new KafkaTestClient(bootstrapServers);
    }

    public static JobRequested job(RequestType type, String team, String schema, Object payload, Object directives) {
        JsonNode body = EventJson.mapper().valueToTree(payload);
        JsonNode rules = EventJson.mapper().valueToTree(directives);
        String database = type == RequestType.ARCHIVE ? "tracking" : "logicore";
        return new JobRequested(UUID.randomUUID().toString(), type, team, "carol", database, schema, body, rules);
    }

    public void send(JobRequested job) {
        kafka.send("dbp.jobs.export", job.requestId(), EventType.JOB_REQUESTED, job.requestId(), job);
    }

    public JobSucceeded succeeded(JobRequested job) {
        var record = finished(job);
        if (!EventType.JOB_SUCCEEDED.ceType().equals(KafkaTestClient.header(record, "ce_type"))) {
            throw new AssertionError("job failed: " + new String(record.value()));
        }
        return EventJson.read(record.value(), JobSucceeded.class);
    }

    public JobFailed failed(JobRequested job) {
        var record = finished(job);
        if (!EventType.JOB_FAILED.ceType().equals(KafkaTestClient.header(record, "ce_type"))) {
            throw new AssertionError("job did not fail: " + new String(record.value()));
        }
        return EventJson.read(record.value(), JobFailed.class);
    }

    public List<ConsumerRecord<String, byte[]>> statusEvents(JobRequested job, EventType type) {
        return kafka.readToEnd(
                "dbp.job-status",
                r -> job.requestId().equals(r.key()) && type.ceType().equals(KafkaTestClient.header(r, "ce_type")));
    }

    private ConsumerRecord<String, byte[]> finished(JobRequested job) {
        return kafka.await(
                "dbp.job-status",
                r -> job.requestId().equals(r.key())
                        && (EventType.JOB_SUCCEEDED.ceType().equals(KafkaTestClient.header(r, "ce_type"))
                                || EventType.JOB_FAILED.ceType().equals(KafkaTestClient.header(r, "ce_type"))),
                WAIT);
    }

    @Override
    public void close() {
        kafka.close();
    }
}
