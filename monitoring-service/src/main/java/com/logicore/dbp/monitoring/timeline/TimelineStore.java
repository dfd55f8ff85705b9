package com.logicore.dbp.monitoring.timeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicore.dbp.events.EventEnvelope;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.EventType;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The event timeline in MongoDB: every platform event once (its CloudEvent id is the document id), annotated with
 * the team and request type of its request so ops can filter by them.
 */
@ApplicationScoped
public class TimelineStore {

    private final ReactiveMongoCollection<Document> events;
    private final ReactiveMongoCollection<Document> requests;

    public TimelineStore(
            ReactiveMongoClient mongo, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        var db = mongo.getDatabase(database);
        this.events = db.getCollection("events");
        this.requests = db.getCollection("requests");
    }

    void createIndexes(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent start) {
        events.createIndex(Indexes.ascending("requestId", "time")).await().indefinitely();
        events.createIndex(Indexes.ascending("team", "time")).await().indefinitely();
    }

    /** Stores an event; empty when it was stored before (a redelivery). */
    public Uni<Optional<TimelineEvent>> record(String topic, EventEnvelope envelope) {
        JsonNode data = EventJson.read(envelope.data(), JsonNode.class);
        String requestId = envelope.subject();
        return requestFacts(envelope, data).flatMap(facts -> {
            var event = new TimelineEvent(
                    envelope.id(),
                    topic,
                    envelope.type(),
                    envelope.source(),
                    requestId,
                    facts.team(),
                    facts.requestType(),
                    envelope.time(),
                    data);
            Document document = new Document("_id", event.id())
                    .append("topic", topic)
                    .append("type", event.type())
                    .append("source", event.source())
                    .append("requestId", requestId)
                    .append("team", event.team())
                    .append("requestType", event.requestType())
                    .append("time", Date.from(event.time()))
                    .append("data", Document.parse(data.toString()));
            return events.insertOne(document)
                    .map(inserted -> Optional.of(event))
                    .onFailure(TimelineStore::isDuplicate)
                    .recoverWithItem(Optional.empty());
        });
    }

    /** Stored events, oldest first, filtered like the live stream. */
    public Uni<List<TimelineEvent>> find(String team, String requestId, int limit) {
        List<Bson> filters = new ArrayList<>();
        if (team != null) {
            filters.add(Filters.eq("team", team));
        }
        if (requestId != null) {
            filters.add(Filters.eq("requestId", requestId));
        }
        Bson filter = filters.isEmpty() ? new Document() : Filters.and(filters);
        return events.find(new io.quarkus.mongodb.FindOptions()
                        .filter(filter)
                        .sort(Sorts.ascending("time"))
                        .limit(limit))
                .map(TimelineStore::fromDocument)
                .collect()
                .asList();
    }

    private record Facts(String team, String requestType) {}

    /** Team and request type: carried by submissions and jobs, remembered for the request's later events. */
    private Uni<Facts> requestFacts(EventEnvelope envelope, JsonNode data) {
        String requestId = envelope.subject();
        boolean carriesFacts = (EventType.REQUEST_SUBMITTED.ceType().equals(envelope.type())
                        || EventType.JOB_REQUESTED.ceType().equals(envelope.type()))
                && data.hasNonNull("team");
        if (carriesFacts) {
            var facts = new Facts(data.get("team").asText(), data.path("type").asText(null));
            return requests.replaceOne(
                            Filters.eq("_id", requestId),
                            new Document("_id", requestId)
                                    .append("team", facts.team())
                                    .append("requestType", facts.requestType()),
                            new ReplaceOptions().upsert(true))
                    .replaceWith(facts);
        }
        if (requestId == null) {
            return Uni.createFrom().item(new Facts(null, null));
        }
        return requests.find(Filters.eq("_id", requestId))
                .collect()
                .first()
                .map(doc -> doc == null
                        ? new Facts(null, null)
                        : new Facts(doc.getString("team"), doc.getString("requestType")));
    }

    private static TimelineEvent fromDocument(Document doc) {
        Document data = doc.get("data", Document.class);
        return new TimelineEvent(
                doc.getString("_id"),
                doc.getString("topic"),
                doc.getString("type"),
                doc.getString("source"),
                doc.getString("requestId"),
                doc.getString("team"),
                doc.getString("requestType"),
                doc.getDate("time").toInstant(),
                data == null
                        ? null
                        : EventJson.read(
                                data.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8), JsonNode.class));
    }

    private static boolean isDuplicate(Throwable failure) {
        return failure instanceof MongoWriteException e && e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }
}
