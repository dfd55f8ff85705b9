package com.logicore.dbp.monitoring.messaging;

import com.logicore.dbp.monitoring.dbhealth.FindingStore;
import com.logicore.dbp.monitoring.dbhealth.SchemaOwners;
import com.logicore.dbp.monitoring.requests.RequestTracker;
import com.logicore.dbp.monitoring.review.QueryReviewJobs;
import com.logicore.dbp.monitoring.timeline.TimelineStore;
import com.logicore.dbp.runtime.messaging.IncomingEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes every {@code dbp.*} topic into the timeline and the request view (state, times, progress), keeps the
 * health findings other services announce, and starts approved QUERY_REVIEW requests. The live stream reads the
 * timeline ({@link com.logicore.dbp.monitoring.timeline.TimelineTail}), so every instance streams every event,
 * whichever consumed it.
 * Monitoring only observes: a poison record is logged and skipped here (its own consumer already sends it to the
 * topic's dead-letter queue).
 */
@ApplicationScoped
public class TimelineHandler {

    private final TimelineStore store;
    private final RequestTracker requests;
    private final QueryReviewJobs reviews;
    private final SchemaOwners owners;
    private final FindingStore findings;

    public TimelineHandler(
            TimelineStore store,
            RequestTracker requests,
            QueryReviewJobs reviews,
            SchemaOwners owners,
            FindingStore findings) {
        this.store = store;
        this.requests = requests;
        this.reviews = reviews;
        this.owners = owners;
        this.findings = findings;
    }

    @Incoming("platform-events-in")
    public Uni<Void> onEvent(ConsumerRecord<String, byte[]> record) {
        return IncomingEvents.handle(record, event -> store.record(record.topic(), event)
                .flatMap(stored -> stored.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : requests.apply(stored.get())
                                .flatMap(applied -> reviews.onStored(stored.get()))
                                .flatMap(reviewed -> owners.onStored(stored.get()))
                                .flatMap(owned -> findings.onStored(stored.get())))
                .replaceWithVoid());
    }
}
