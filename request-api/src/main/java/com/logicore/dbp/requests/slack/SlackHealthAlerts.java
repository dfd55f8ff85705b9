package com.logicore.dbp.requests.slack;

import com.logicore.dbp.runtime.messaging.IncomingEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Consumes {@code dbp.health} and passes high-severity findings to the ops channel (when Slack is on). */
@ApplicationScoped
public class SlackHealthAlerts {

    private final SlackAnnouncements announcements;

    public SlackHealthAlerts(SlackAnnouncements announcements) {
        this.announcements = announcements;
    }

    @Incoming("slack-health-in")
    public Uni<Void> onHealth(ConsumerRecord<String, byte[]> record) {
        return IncomingEvents.handle(record, announcements::onHealthFinding);
    }
}
