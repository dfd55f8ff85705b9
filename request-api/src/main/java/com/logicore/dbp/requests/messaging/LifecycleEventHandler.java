package com.logicore.dbp.requests.messaging;

import com.logicore.dbp.requests.service.LifecycleProjection;
import com.logicore.dbp.requests.slack.SlackAnnouncements;
import com.logicore.dbp.runtime.messaging.IncomingEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code dbp.decisions} and {@code dbp.job-status} (one channel each, so each has its own dead-letter
 * topic). Offsets are committed only after the handler finished (throttled commit strategy).
 */
@ApplicationScoped
public class LifecycleEventHandler {

    private final LifecycleProjection projection;
    private final SlackAnnouncements slack;

    public LifecycleEventHandler(LifecycleProjection projection, SlackAnnouncements slack) {
        this.projection = projection;
        this.slack = slack;
    }

    @Incoming("decisions-in")
    public Uni<Void> onDecision(ConsumerRecord<String, byte[]> record) {
        return IncomingEvents.handle(
                record, event -> projection.apply(event, record.topic()).call(() -> slack.onLifecycleEvent(event)));
    }

    @Incoming("job-status-in")
    public Uni<Void> onJobStatus(ConsumerRecord<String, byte[]> record) {
        return IncomingEvents.handle(
                record, event -> projection.apply(event, record.topic()).call(() -> slack.onLifecycleEvent(event)));
    }
}
