package com.logicore.dbp.monitoring.requests;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** What the dashboard shows about requests: counts by state, the approval queue, turnaround, running jobs. */
@ApplicationScoped
public class RequestView {

    private final ReactiveMongoCollection<Document> requests;

    public RequestView(ReactiveMongoClient mongo, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.requests = mongo.getDatabase(database).getCollection("requests");
    }

    /** A request waiting for a human decision and how long it has waited. */
    public record Waiting(String requestId, String team, String type, Instant submittedAt, long ageSeconds) {}

    /** A job in progress and how far it has come. */
    public record Running(
            String requestId, String team, String type, Instant startedAt, Integer percent, String detail) {}

    /** Turnaround percentiles of the requests of one type that finished within a window. */
    public record Turnaround(String type, String window, int count, Long p50Seconds, Long p95Seconds) {}

    /** Request counts by type, then by state. */
    public Uni<Map<String, Map<String, Integer>>> countsByTypeAndState() {
        return requests.aggregate(List.of(new Document(
                        "$group",
                        new Document("_id", new Document("type", "$requestType").append("state", "$state"))
                                .append("n", new Document("$sum", 1)))))
                .collect()
                .asList()
                .map(groups -> {
                    Map<String, Map<String, Integer>> counts = new TreeMap<>();
                    for (Document group : groups) {
                        Document id = group.get("_id", Document.class);
                        String state = id.getString("state");
                        if (state == null) {
                            continue;
                        }
                        String type = SlaMetrics.kind(id.getString("type"));
                        counts.computeIfAbsent(type, t -> new TreeMap<>())
                                .merge(state, ((Number) group.get("n")).intValue(), Integer::sum);
                    }
                    return counts;
                });
    }

    /** The approval queue, oldest first. */
    public Uni<List<Waiting>> approvalQueue(int limit) {
        Instant now = Instant.now();
        return requests.find(new FindOptions()
                        .filter(Filters.eq("state", RequestState.AWAITING_APPROVAL.name()))
                        .sort(Sorts.ascending("submittedAt"))
                        .limit(limit))
                .map(doc -> {
                    Instant submitted = instant(doc, "submittedAt");
                    return new Waiting(
                            doc.getString("_id"),
                            doc.getString("team"),
                            doc.getString("requestType"),
                            submitted,
                            submitted == null
                                    ? 0
                                    : Duration.between(submitted, now).toSeconds());
                })
                .collect()
                .asList();
    }

    public Uni<List<Running>> runningJobs(int limit) {
        return requests.find(new FindOptions()
                        .filter(Filters.eq("state", RequestState.RUNNING.name()))
                        .sort(Sorts.ascending("startedAt"))
                        .limit(limit))
                .map(doc -> {
                    Document progress = doc.get("progress", Document.class);
                    return new Running(
                            doc.getString("_id"),
                            doc.getString("team"),
                            doc.getString("requestType"),
                            instant(doc, "startedAt"),
                            progress == null ? null : progress.getInteger("percent"),
                            progress == null ? null : progress.getString("detail"));
                })
                .collect()
                .asList();
    }

    /** p50/p95 turnaround per request type over the last day and the last week. */
    public Uni<List<Turnaround>> turnaround() {
        Instant now = Instant.now();
        Instant weekAgo = now.minus(Duration.ofDays(7));
        Instant dayAgo = now.minus(Duration.ofDays(1));
        return requests.find(
                        Filters.and(Filters.gte("terminalAt", Date.from(weekAgo)), Filters.exists("turnaroundMillis")))
                .collect()
                .asList()
                .map(docs -> {
                    Map<String, List<Long>> week = new TreeMap<>();
                    Map<String, List<Long>> day = new TreeMap<>();
                    for (Document doc : docs) {
                        String type = SlaMetrics.kind(doc.getString("requestType"));
                        long millis = ((Number) doc.get("turnaroundMillis")).longValue();
                        week.computeIfAbsent(type, t -> new ArrayList<>()).add(millis);
                        if (instant(doc, "terminalAt").isAfter(dayAgo)) {
                            day.computeIfAbsent(type, t -> new ArrayList<>()).add(millis);
                        }
                    }
                    List<Turnaround> rows = new ArrayList<>();
                    week.forEach((type, values) -> {
                        rows.add(percentiles(type, "day", day.getOrDefault(type, List.of())));
                        rows.add(percentiles(type, "week", values));
                    });
                    return rows;
                });
    }

    static Turnaround percentiles(String type, String window, List<Long> millis) {
        if (millis.isEmpty()) {
            return new Turnaround(type, window, 0, null, null);
        }
        List<Long> sorted = millis.stream().sorted().toList();
        return new Turnaround(
                type, window, sorted.size(), nearestRank(sorted, 0.50) / 1000, nearestRank(sorted, 0.95) / 1000);
    }

    /** The nearest-rank percentile: the smallest value with at least {@code p} of the values at or below it. */
    static long nearestRank(List<Long> sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static Instant instant(Document doc, String field) {
        Date date = doc.getDate(field);
        return date == null ? null : date.toInstant();
    }
}
