package com.logicore.dbp.monitoring.dbhealth;

import com.logicore.dbp.events.EventType;
import com.logicore.dbp.monitoring.timeline.TimelineEvent;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who owns each target schema or collection, from the compacted {@code dbp.ownership} topic (an admin's assignment
 * wins over the {@code team_<team>} owner role of a PostgreSQL schema, and is the only source for MongoDB
 * collections). Kept in {@code schema_owners}, keyed {@code database/schema}.
 */
@ApplicationScoped
public class SchemaOwners {

    private final ReactiveMongoCollection<Document> owners;

    public SchemaOwners(ReactiveMongoClient mongo, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.owners = mongo.getDatabase(database).getCollection("schema_owners");
    }

    public Uni<Void> onStored(TimelineEvent event) {
        if (!EventType.SCHEMA_OWNERSHIP_CHANGED.ceType().equals(event.type()) || event.data() == null) {
            return Uni.createFrom().voidItem();
        }
        String key = event.data().path("database").asText() + "/"
                + event.data().path("schema").asText();
        String team = event.data().path("team").asText(null);
        if (team == null) {
            return owners.deleteOne(Filters.eq("_id", key)).replaceWithVoid();
        }
        return owners.replaceOne(
                        Filters.eq("_id", key),
                        new Document("_id", key).append("team", team),
                        new ReplaceOptions().upsert(true))
                .replaceWithVoid();
    }

    /** {@code database/schema} → team. */
    public Map<String, String> all() {
        Map<String, String> map = new HashMap<>();
        owners.find()
                .collect()
                .asList()
                .await()
                .atMost(Duration.ofSeconds(10))
                .forEach(doc -> map.put(doc.getString("_id"), doc.getString("team")));
        return map;
    }
}
