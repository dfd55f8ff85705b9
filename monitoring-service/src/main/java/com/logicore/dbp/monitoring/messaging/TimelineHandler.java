package com.logicore.dbp.monitoring.messaging;

import com.logicore.dbp.monitoring.timeline.LiveStream;
import com.logicore.dbp.monitoring.timeline.TimelineStore;
import com.logicore.dbp.runtime.messaging.IncomingEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes every {@code dbp.*} topic into the timeline and the live stream. Monitoring only observes: a poison record
 * is logged and skipped here (its own consumer already sends it to the topic's dead-letter queue).
 */
@ApplicationScoped
public class TimelineHandler {

    private final TimelineStore store;
    private final LiveStream live;

    public TimelineHandler(TimelineStore store, LiveStream live) {
        this.store = store;
        this.live = live;
    }

    @Incoming("platform-events-in")
    public Uni<Void> onEvent(ConsumerRecord<String, byte[]> record) {
        return IncomingEvents.handle(record, event -> store.record(record.topic(), event)
                .invoke(stored -> stored.ifPresent(live::publish))
                .replaceWithVoid());
    }
}
