package com.logicore.dbp.monitoring.requests;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicore.dbp.events.EventType;
import com.logicore.dbp.monitoring.timeline.TimelineEvent;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps one document per request in {@code requests}: state, submission/decision/terminal times and the latest job
 * progress, so ops can see the approval queue and running jobs without replaying the timeline; records the SLA
 * figures (turnaround, decision latency, job durations) as the transitions happen.
 */
@ApplicationScoped
public class RequestTracker {

    private final ReactiveMongoCollection<Document> requests;
    private final SlaMetrics metrics;

    public RequestTracker(
            ReactiveMongoClient mongo,
            @ConfigProperty(name = "quarkus.mongodb.database") String database,
            SlaMetrics metrics) {
        this.requests = mongo.getDatabase(database).getCollection("requests");
        this.metrics = metrics;
    }

    public Uni<Void> apply(TimelineEvent event) {
        var type = EventType.fromCeType(event.type()).orElse(null);
        if (type == null || event.requestId() == null) {
            return Uni.createFrom().voidItem();
        }
        var next = RequestState.after(type).orElse(null);
        if (next == null) {
            return Uni.createFrom().voidItem();
        }
        return requests.find(Filters.eq("_id", event.requestId()))
                .collect()
                .first()
                .flatMap(doc -> update(event, type, next, doc == null ? new Document() : doc));
    }

    private Uni<Void> update(TimelineEvent event, EventType type, RequestState next, Document doc) {
        List<Bson> updates = new ArrayList<>();
        Date at = Date.from(event.time());
        String requestType = event.requestType() != null ? event.requestType() : doc.getString("requestType");
        JsonNode data = event.data();
        if (type == EventType.REQUEST_SUBMITTED) {
            updates.add(Updates.set("submittedAt", at));
            updates.add(Updates.set("submittedBy", data.path("submittedBy").asText(null)));
        }
        if (type == EventType.JOB_STARTED) {
            updates.add(Updates.set("startedAt", at));
        }
        if (type == EventType.JOB_PROGRESS) {
            if (data.hasNonNull("percent")) {
                updates.add(Updates.set("progress.percent", data.get("percent").asInt()));
            }
            updates.add(Updates.set("progress.detail", data.path("detail").asText(null)));
            updates.add(Updates.set("progress.at", at));
        }
        if (type == EventType.JOB_SUCCEEDED || type == EventType.JOB_FAILED) {
            metrics.jobFinished(
                    requestType,
                    type == EventType.JOB_SUCCEEDED,
                    Duration.ofMillis(data.path("durationMillis").asLong()));
        }
        RequestState current = doc.getString("state") == null ? null : RequestState.valueOf(doc.getString("state"));
        Date submittedAt = doc.getDate("submittedAt");
        if (type == EventType.REQUEST_SUBMITTED) {
            submittedAt = at;
        }
        if (type == EventType.REQUEST_SUBMITTED) {
            // the submission can arrive after the decision or the end (another topic): measure from it now
            Date decidedAt = doc.getDate("decidedAt");
            Date terminalAt = doc.getDate("terminalAt");
            if (decidedAt != null) {
                metrics.decided(requestType, between(at, decidedAt));
            }
            if (terminalAt != null && doc.get("turnaroundMillis") == null) {
                metrics.finished(requestType, between(at, terminalAt));
                updates.add(
                        Updates.set("turnaroundMillis", between(at, terminalAt).toMillis()));
            }
        }
        if (RequestState.moves(current, next)) {
            updates.add(Updates.set("state", next.name()));
            updates.add(Updates.set("stateAt", at));
            boolean decision = next == RequestState.APPROVED || next == RequestState.REJECTED;
            if (decision && doc.getDate("decidedAt") == null) {
                updates.add(Updates.set("decidedAt", at));
                if (submittedAt != null) {
                    metrics.decided(requestType, between(submittedAt, at));
                }
            }
            if (next.terminal() && doc.getDate("terminalAt") == null) {
                updates.add(Updates.set("terminalAt", at));
                if (submittedAt != null) {
                    metrics.finished(requestType, between(submittedAt, at));
                    updates.add(Updates.set(
                            "turnaroundMillis", between(submittedAt, at).toMillis()));
                }
            }
        }
        if (updates.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return requests.updateOne(
                        Filters.eq("_id", event.requestId()),
                        Updates.combine(updates),
                        new UpdateOptions().upsert(true))
                .replaceWithVoid();
    }

    private static Duration between(Date from, Date to) {
        return Duration.between(Instant.ofEpochMilli(from.getTime()), Instant.ofEpochMilli(to.getTime()))
                .abs();
    }
}
