package com.logicore.dbp.monitoring.timeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicore.dbp.events.EventEnvelope;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.EventType;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The event timeline in MongoDB: every platform event once (its CloudEvent id is the document id), annotated with
 * the team and request type of its request so ops can filter by them, and numbered in storage order ({@code seq}) so
 * a reader can page, and a reconnecting stream resume, without missing or repeating an event.
 */
@ApplicationScoped
public class TimelineStore {

    private final ReactiveMongoCollection<Document> events;
    private final ReactiveMongoCollection<Document> requests;
    private final ReactiveMongoCollection<Document> counters;

    public TimelineStore(
            ReactiveMongoClient mongo, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        var db = mongo.getDatabase(database);
        this.events = db.getCollection("events");
        this.requests = db.getCollection("requests");
        this.counters = db.getCollection("counters");
    }

    void createIndexes(@Observes StartupEvent start) {
        events.createIndex(Indexes.ascending("seq")).await().indefinitely();
        events.createIndex(Indexes.ascending("requestId", "seq")).await().indefinitely();
        events.createIndex(Indexes.ascending("team", "seq")).await().indefinitely();
        events.createIndex(Indexes.ascending("type", "seq")).await().indefinitely();
        events.createIndex(Indexes.ascending("requestType", "seq")).await().indefinitely();
        events.createIndex(Indexes.ascending("time")).await().indefinitely();
    }

    /** Stores an event; empty when it was stored before (a redelivery). */
    public Uni<Optional<TimelineEvent>> record(String topic, EventEnvelope envelope) {
        JsonNode data = EventJson.read(envelope.data(), JsonNode.class);
        String requestId = envelope.subject();
        // A redelivered event fails the insert on its _id (and leaves a gap in seq, which paging does not mind).
        return requestFacts(envelope, data)
                .flatMap(facts -> nextSeq()
                        .map(seq -> new TimelineEvent(
                                seq,
                                envelope.id(),
                                topic,
                                envelope.type(),
                                envelope.source(),
                                requestId,
                                facts.team(),
                                facts.requestType(),
                                envelope.time(),
                                data)))
                .flatMap(this::insert);
    }

    private Uni<Optional<TimelineEvent>> insert(TimelineEvent event) {
        Document document = new Document("_id", event.id())
                .append("seq", event.seq())
                .append("topic", event.topic())
                .append("type", event.type())
                .append("source", event.source())
                .append("requestId", event.requestId())
                .append("team", event.team())
                .append("requestType", event.requestType())
                .append("time", Date.from(event.time()))
                .append("data", Document.parse(event.data().toString()))
                .append("storedAt", new Date());
        return events.insertOne(document)
                .map(inserted -> Optional.of(event))
                .onFailure(TimelineStore::isDuplicate)
                .recoverWithUni(duplicate -> markGap(event.seq()).replaceWith(Optional.<TimelineEvent>empty()));
    }

    /** A position a redelivery took but did not use: recorded so the live tail need not wait for it. */
    private Uni<Void> markGap(long seq) {
        return events.insertOne(new Document("_id", "gap-" + seq)
                        .append("seq", seq)
                        .append("gap", true)
                        .append("storedAt", new Date()))
                .replaceWithVoid();
    }

    /** An event read by the live tail, with when it was stored ({@code event} is null for a gap marker). */
    public record Tailed(long seq, TimelineEvent event, java.time.Instant storedAt) {}

    /** Everything stored after {@code afterSeq}, gap markers included, in position order. */
    public Uni<List<Tailed>> tail(long afterSeq, int limit) {
        return events.find(new FindOptions()
                        .filter(Filters.gt("seq", afterSeq))
                        .sort(Sorts.ascending("seq"))
                        .limit(limit))
                .map(doc -> new Tailed(
                        ((Number) doc.get("seq")).longValue(),
                        Boolean.TRUE.equals(doc.getBoolean("gap")) ? null : fromDocument(doc),
                        doc.getDate("storedAt") == null
                                ? java.time.Instant.EPOCH
                                : doc.getDate("storedAt").toInstant()))
                .collect()
                .asList();
    }

    /** The highest position handed out so far (0 when none). */
    public Uni<Long> lastSeq() {
        return counters.find(Filters.eq("_id", "events"))
                .collect()
                .first()
                .map(doc -> doc == null ? 0L : ((Number) doc.get("seq")).longValue());
    }

    /** The next timeline position, shared by every instance through one counter document. */
    private Uni<Long> nextSeq() {
        return counters.findOneAndUpdate(
                        Filters.eq("_id", "events"),
                        Updates.inc("seq", 1L),
                        new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER))
                .map(doc -> ((Number) doc.get("seq")).longValue());
    }

    /** Up to {@code limit} stored events after the cursor position, oldest first. */
    public Uni<List<TimelineEvent>> page(EventQuery query, long afterSeq, int limit) {
        return events.find(new FindOptions()
                        .filter(query.toMongo(afterSeq))
                        .sort(Sorts.ascending("seq"))
                        .limit(limit))
                .map(TimelineStore::fromDocument)
                .collect()
                .asList();
    }

    /** Every stored event after the cursor position, oldest first, streamed from the database cursor. */
    public Multi<TimelineEvent> after(EventQuery query, long afterSeq) {
        return events.find(new FindOptions().filter(query.toMongo(afterSeq)).sort(Sorts.ascending("seq")))
                .map(TimelineStore::fromDocument);
    }

    /** Stored events, oldest first, filtered like the live stream. */
    public Uni<List<TimelineEvent>> find(String team, String requestId, int limit) {
        return page(new EventQuery(team, null, requestId, null, null), 0, limit);
    }

    private record Facts(String team, String requestType) {}

    /** Team and type of recent requests: they never change, and most events belong to a request seen just before. */
    @SuppressWarnings("serial")
    private final java.util.Map<String, Facts> recentFacts =
            java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, Facts> eldest) {
                    return size() > 10_000;
                }
            });

    /** Team and request type: carried by submissions and jobs, remembered for the request's later events. */
    private Uni<Facts> requestFacts(EventEnvelope envelope, JsonNode data) {
        String requestId = envelope.subject();
        boolean carriesFacts = (EventType.REQUEST_SUBMITTED.ceType().equals(envelope.type())
                        || EventType.JOB_REQUESTED.ceType().equals(envelope.type()))
                && data.hasNonNull("team");
        if (carriesFacts) {
            var facts = new Facts(data.get("team").asText(), data.path("type").asText(null));
            return requests.updateOne(
                            Filters.eq("_id", requestId),
                            Updates.combine(
                                    Updates.set("team", facts.team()), Updates.set("requestType", facts.requestType())),
                            new UpdateOptions().upsert(true))
                    .replaceWith(facts)
                    .invoke(known -> recentFacts.put(requestId, known));
        }
        if (EventType.HEALTH_FINDING.ceType().equals(envelope.type())
                || EventType.SCHEMA_OWNERSHIP_CHANGED.ceType().equals(envelope.type())) {
            return Uni.createFrom().item(new Facts(data.path("team").asText(null), null));
        }
        if (requestId == null) {
            return Uni.createFrom().item(new Facts(null, null));
        }
        Facts known = recentFacts.get(requestId);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return requests.find(Filters.eq("_id", requestId))
                .collect()
                .first()
                .map(doc -> doc == null || doc.getString("team") == null
                        ? new Facts(null, null)
                        : new Facts(doc.getString("team"), doc.getString("requestType")))
                .invoke(found -> {
                    if (found.team() != null) {
                        recentFacts.put(requestId, found);
                    }
                });
    }

    private static TimelineEvent fromDocument(Document doc) {
        Document data = doc.get("data", Document.class);
        Number seq = (Number) doc.get("seq");
        return new TimelineEvent(
                seq == null ? null : seq.longValue(),
                doc.getString("_id"),
                doc.getString("topic"),
                doc.getString("type"),
                doc.getString("source"),
                doc.getString("requestId"),
                doc.getString("team"),
                doc.getString("requestType"),
                doc.getDate("time").toInstant(),
                data == null ? null : EventJson.read(data.toJson().getBytes(StandardCharsets.UTF_8), JsonNode.class));
    }

    private static boolean isDuplicate(Throwable failure) {
        return failure instanceof MongoWriteException e && e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }
}
