package com.logicore.dbp.monitoring.dbhealth;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.payload.HealthFinding;
import com.logicore.dbp.monitoring.messaging.PlatformEmitter;
import com.logicore.dbp.monitoring.timeline.TimelineEvent;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import io.quarkus.logging.Log;
import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The current health findings in MongoDB {@code health_findings}: one document per kind and resource, replaced by each
 * probe run; findings a run of the same probe no longer sees are removed (the problem went away). Findings other
 * services announce on {@code dbp.health} are kept the same way, the latest per kind and resource.
 */
@ApplicationScoped
public class FindingStore {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ReactiveMongoCollection<Document> findings;
    private final ReactiveMongoCollection<Document> samples;

    public FindingStore(ReactiveMongoClient mongo, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        var db = mongo.getDatabase(database);
        this.findings = db.getCollection("health_findings");
        this.samples = db.getCollection("probe_samples");
    }

    void createIndexes(@Observes StartupEvent start) {
        findings.createIndex(Indexes.ascending("probe")).await().indefinitely();
        findings.createIndex(Indexes.ascending("team")).await().indefinitely();
    }

    /** Replaces what {@code probe} reported before with this run's findings. */
    public void replace(String probe, List<HealthFinding> current) {
        List<String> keep = new ArrayList<>();
        for (HealthFinding finding : current) {
            String id = idOf(finding);
            keep.add(id);
            findings.replaceOne(
                            Filters.eq("_id", id), toDocument(id, probe, finding), new ReplaceOptions().upsert(true))
                    .await()
                    .atMost(WAIT);
        }
        findings.deleteMany(Filters.and(Filters.eq("probe", probe), Filters.nin("_id", keep)))
                .await()
                .atMost(WAIT);
    }

    /**
     * A finding another service announced on {@code dbp.health} (the migration worker's schema drift): the latest one
     * per kind and resource is the current state, an INFO one included (it says the problem is gone). Monitoring's own
     * findings are stored by {@link #replace} when its probes run, not again here.
     */
    public Uni<Void> onStored(TimelineEvent event) {
        if (!EventType.HEALTH_FINDING.ceType().equals(event.type())
                || PlatformEmitter.SOURCE.equals(event.source())
                || event.data() == null) {
            return Uni.createFrom().voidItem();
        }
        String id;
        Document document;
        try {
            HealthFinding finding = EventJson.mapper().convertValue(event.data(), HealthFinding.class);
            id = idOf(finding);
            document = toDocument(id, "event:" + event.source(), finding);
        } catch (RuntimeException e) {
            // monitoring only observes: a malformed finding stays in the timeline and is not kept as current
            Log.warnf("health finding not kept eventId=%s source=%s: %s", event.id(), event.source(), e.toString());
            return Uni.createFrom().voidItem();
        }
        return findings.replaceOne(Filters.eq("_id", id), document, new ReplaceOptions().upsert(true))
                .replaceWithVoid();
    }

    private static String idOf(HealthFinding finding) {
        return finding.kind() + "|" + finding.resource();
    }

    private static Document toDocument(String id, String probe, HealthFinding finding) {
        return new Document("_id", id)
                .append("probe", probe)
                .append("kind", finding.kind())
                .append("resource", finding.resource())
                .append("team", finding.team())
                .append("severity", finding.severity().name())
                .append("message", finding.message())
                .append("metrics", Document.parse(finding.metrics().toString()))
                .append("observedAt", Date.from(finding.observedAt()));
    }

    public List<HealthFinding> find(String team, String kind, String severity) {
        List<Bson> filters = new ArrayList<>();
        if (team != null) {
            filters.add(Filters.eq("team", team));
        }
        if (kind != null) {
            filters.add(
                    kind.endsWith(".")
                            ? Filters.regex("kind", "^" + java.util.regex.Pattern.quote(kind))
                            : Filters.eq("kind", kind));
        }
        if (severity != null) {
            filters.add(Filters.eq("severity", severity));
        }
        Bson filter = filters.isEmpty() ? new Document() : Filters.and(filters);
        return findings.find(new FindOptions().filter(filter).sort(Sorts.ascending("kind", "resource")))
                .map(FindingStore::fromDocument)
                .collect()
                .asList()
                .await()
                .atMost(WAIT);
    }

    /** The previous sample a rate is computed from (counters, sizes), or null. */
    public Document lastSample(String key) {
        return samples.find(Filters.eq("_id", key)).collect().first().await().atMost(WAIT);
    }

    public void saveSample(String key, Document sample) {
        samples.replaceOne(Filters.eq("_id", key), sample.append("_id", key), new ReplaceOptions().upsert(true))
                .await()
                .atMost(WAIT);
    }

    private static HealthFinding fromDocument(Document doc) {
        Document metrics = doc.get("metrics", Document.class);
        return new HealthFinding(
                doc.getString("kind"),
                doc.getString("resource"),
                doc.getString("team"),
                HealthFinding.Severity.valueOf(doc.getString("severity")),
                doc.getString("message"),
                EventJson.read(
                        (metrics == null ? "{}" : metrics.toJson()).getBytes(StandardCharsets.UTF_8), JsonNode.class),
                doc.getDate("observedAt").toInstant());
    }
}
