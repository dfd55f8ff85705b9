package com.logicore.dbp.monitoring.review;

import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.events.payload.JobFailed;
import com.logicore.dbp.events.payload.JobStarted;
import com.logicore.dbp.events.payload.JobSucceeded;
import com.logicore.dbp.monitoring.messaging.PlatformEmitter;
import com.logicore.dbp.monitoring.requests.RequestState;
import com.logicore.dbp.monitoring.timeline.TimelineEvent;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.quarkus.logging.Log;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.Date;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Monitoring-service executes approved QUERY_REVIEW requests (their type has no worker topic: approval-service only
 * publishes RequestApproved). Once a request is both known to be a QUERY_REVIEW and APPROVED, whichever event arrived
 * last, one instance claims it in the request view and runs the review, reporting JobStarted and JobSucceeded (the
 * review as result) or JobFailed on {@code dbp.job-status}.
 */
@ApplicationScoped
public class QueryReviewJobs {

    private final ReactiveMongoCollection<Document> requests;
    private final ReactiveMongoCollection<Document> events;
    private final QueryReviewer reviewer;
    private final PlatformEmitter emitter;

    public QueryReviewJobs(
            ReactiveMongoClient mongo,
            @ConfigProperty(name = "quarkus.mongodb.database") String database,
            QueryReviewer reviewer,
            PlatformEmitter emitter) {
        var db = mongo.getDatabase(database);
        this.requests = db.getCollection("requests");
        this.events = db.getCollection("events");
        this.reviewer = reviewer;
        this.emitter = emitter;
    }

    public Uni<Void> onStored(TimelineEvent event) {
        boolean relevant = event.requestId() != null
                && (EventType.REQUEST_APPROVED.ceType().equals(event.type())
                        || EventType.REQUEST_SUBMITTED.ceType().equals(event.type()));
        if (!relevant) {
            return Uni.createFrom().voidItem();
        }
        String id = event.requestId();
        return requests.findOneAndUpdate(
                        Filters.and(
                                Filters.eq("_id", id),
                                Filters.eq("requestType", RequestType.QUERY_REVIEW.name()),
                                Filters.eq("state", RequestState.APPROVED.name()),
                                Filters.exists("reviewClaimedAt", false)),
                        Updates.set("reviewClaimedAt", new Date()))
                .flatMap(claimed -> claimed == null ? Uni.createFrom().voidItem() : run(id));
    }

    private Uni<Void> run(String id) {
        return events.find(Filters.and(
                        Filters.eq("requestId", id), Filters.eq("type", EventType.REQUEST_SUBMITTED.ceType())))
                .collect()
                .first()
                .flatMap(submitted -> {
                    Document data = submitted.get("data", Document.class);
                    String schema = data.getString("targetSchema");
                    Document payload = data.get("payload", Document.class);
                    String sql = payload == null ? null : payload.getString("sql");
                    return emitter.jobStatus(
                                    EventType.JOB_STARTED,
                                    id,
                                    new JobStarted(id, "monitoring-service", "explaining the query"))
                            .flatMap(started -> Uni.createFrom()
                                    .item(() -> execute(id, schema, sql))
                                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                            .flatMap(outcome -> outcome);
                });
    }

    private Uni<Void> execute(String id, String schema, String sql) {
        long start = System.currentTimeMillis();
        try {
            var result = reviewer.review(schema, sql);
            long took = System.currentTimeMillis() - start;
            int advice = result.get("advice").size();
            int findings = result.get("findings").size();
            Log.infof("query review requestId=%s findings=%d advice=%d tookMs=%d", id, findings, advice, took);
            return emitter.jobStatus(
                    EventType.JOB_SUCCEEDED,
                    id,
                    new JobSucceeded(
                            id,
                            findings == 0
                                    ? "the plan looks fine: no findings"
                                    : findings + " finding(s), " + advice + " index advice",
                            result,
                            took));
        } catch (SQLException e) {
            long took = System.currentTimeMillis() - start;
            Log.infof("query review failed requestId=%s sqlState=%s", id, e.getSQLState());
            boolean retryable = e.getSQLState() != null
                    && (e.getSQLState().startsWith("08") || e.getSQLState().equals("57014"));
            return emitter.jobStatus(
                    EventType.JOB_FAILED,
                    id,
                    new JobFailed(id, "the query could not be explained: " + e.getMessage(), retryable, took));
        }
    }
}
