package com.logicore.dbp.monitoring.dbhealth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.payload.HealthFinding;
import com.logicore.dbp.events.payload.HealthFinding.Severity;
import com.logicore.dbp.monitoring.config.MonitoringConfig;
import com.mongodb.client.model.Filters;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * MongoDB health: size and document count of every collection of the configured databases, growth per day since the
 * previous sample, and a finding for a collection past the size threshold with no archive policy (an ARCHIVE request
 * for it in the timeline, or one configured).
 */
@ApplicationScoped
public class MongoProbe {

    static final String PROBE = "mongo";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final ReactiveMongoClient mongo;
    private final MonitoringConfig.Probes config;
    private final FindingStore store;
    private final SchemaOwners owners;
    private final String ownDatabase;

    public MongoProbe(
            ReactiveMongoClient mongo,
            MonitoringConfig config,
            FindingStore store,
            SchemaOwners owners,
            @ConfigProperty(name = "quarkus.mongodb.database") String ownDatabase) {
        this.mongo = mongo;
        this.config = config.probes();
        this.store = store;
        this.owners = owners;
        this.ownDatabase = ownDatabase;
    }

    public List<HealthFinding> probe() {
        Instant now = Instant.now();
        List<HealthFinding> findings = new ArrayList<>();
        var teams = owners.all();
        for (String database : config.mongoDatabases()) {
            var db = mongo.getDatabase(database);
            List<String> collections =
                    db.listCollectionNames().collect().asList().await().atMost(WAIT);
            for (String collection : collections) {
                Document stats = db.runCommand(new Document("collStats", collection))
                        .await()
                        .atMost(WAIT);
                long bytes = ((Number) stats.getOrDefault("size", 0)).longValue();
                long count = ((Number) stats.getOrDefault("count", 0)).longValue();
                String name = database + "." + collection;
                String sampleKey = "mongo|" + name;
                Document previous = store.lastSample(sampleKey);
                store.saveSample(
                        sampleKey,
                        new Document("bytes", bytes).append("count", count).append("at", now.toEpochMilli()));
                if (bytes < config.mongoCollectionBytes() || hasArchivePolicy(database, collection)) {
                    continue;
                }
                ObjectNode metrics = EventJson.mapper().createObjectNode();
                metrics.put("bytes", bytes);
                metrics.put("documents", count);
                String growth = "";
                if (previous != null) {
                    double days = Math.max(1, now.toEpochMilli() - previous.getLong("at")) / 86_400_000.0;
                    long perDay = Math.round((bytes - previous.getLong("bytes")) / days);
                    long docsPerDay = Math.round((count - previous.getLong("count")) / days);
                    metrics.put("growthBytesPerDay", perDay);
                    metrics.put("growthDocumentsPerDay", docsPerDay);
                    growth = String.format(", growing %s/day", human(perDay));
                }
                findings.add(new HealthFinding(
                        "mongo.growth",
                        "mongo:" + name,
                        teams.get(database + "/" + collection),
                        bytes >= 10 * config.mongoCollectionBytes() ? Severity.CRITICAL : Severity.WARNING,
                        String.format(
                                "collection %s holds %s in %d documents%s, above %s, and has no archive policy:"
                                        + " submit an ARCHIVE request (time field, older-than cutoff) so old"
                                        + " documents move to the archive",
                                name, human(bytes), count, growth, human(config.mongoCollectionBytes())),
                        metrics,
                        now));
            }
        }
        return findings;
    }

    private boolean hasArchivePolicy(String database, String collection) {
        List<String> configured = config.archivedCollections().orElse(List.of());
        if (configured.contains(database + "." + collection)) {
            return true;
        }
        Document archive = mongo.getDatabase(ownDatabase)
                .getCollection("events")
                .find(Filters.and(
                        Filters.eq("requestType", "ARCHIVE"),
                        Filters.eq("type", "com.logicore.dbp.request.submitted.v1"),
                        Filters.eq("data.payload.collection", collection)))
                .collect()
                .first()
                .await()
                .atMost(WAIT);
        return archive != null;
    }

    static String human(long bytes) {
        double value = Math.abs(bytes);
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format("%s%.1f %s", bytes < 0 ? "-" : "", value, units[unit]);
    }
}
