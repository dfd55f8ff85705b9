package com.logicore.dbp.monitoring.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.events.payload.ApprovalRequired;
import com.logicore.dbp.events.payload.JobProgress;
import com.logicore.dbp.events.payload.JobStarted;
import com.logicore.dbp.events.payload.JobSucceeded;
import com.logicore.dbp.events.payload.RequestApproved;
import com.logicore.dbp.events.payload.RequestSubmitted;
import com.logicore.dbp.testkit.kafka.KafkaTestClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/** Publishes the events the other services would, on the test broker. */
public final class PlatformEvents implements AutoCloseable {

    private final KafkaTestClient kafka;

    public PlatformEvents() {
        this.kafka = new KafkaTestClient(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    }

    public KafkaTestClient kafka() {
        return kafka;
    }

    public String submitted(String id, RequestType type, String team, String schema, Object payload, Instant at) {
        JsonNode body = EventJson.mapper().valueToTree(payload);
        return kafka.send(
                "dbp.requests",
                id,
                EventType.REQUEST_SUBMITTED,
                id,
                new RequestSubmitted(id, type, team, "alice", "logicore", schema, body, at));
    }

    public String createIndexSubmitted(String id, String team) {
        return submitted(
                id,
                RequestType.CREATE_INDEX,
                team,
                team,
                Map.of("table", "stops", "columns", List.of("route_id")),
                Instant.now());
    }

    public String approved(String id) {
        return kafka.send(
                "dbp.decisions", id, EventType.REQUEST_APPROVED, id, new RequestApproved(id, List.of("policy"), "ok"));
    }

    public String awaitingApproval(String id) {
        return kafka.send(
                "dbp.decisions",
                id,
                EventType.APPROVAL_REQUIRED,
                id,
                new ApprovalRequired(id, 1, List.of("DBA"), "large table"));
    }

    public String started(String id) {
        return kafka.send(
                "dbp.job-status", id, EventType.JOB_STARTED, id, new JobStarted(id, "migration-worker", "building"));
    }

    public String progress(String id, int percent) {
        return kafka.send(
                "dbp.job-status",
                id,
                EventType.JOB_PROGRESS,
                id,
                new JobProgress(id, percent, (long) percent * 1000, 30L, "building index " + percent + " %"));
    }

    public String succeeded(String id, long millis) {
        return kafka.send(
                "dbp.job-status",
                id,
                EventType.JOB_SUCCEEDED,
                id,
                new JobSucceeded(id, "index built", EventJson.mapper().createObjectNode(), millis));
    }

    @Override
    public void close() {
        kafka.close();
    }
}
