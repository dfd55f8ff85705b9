package com.logicore.dbp.requests.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicore.dbp.events.EventEnvelope;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.EventType;
import com.logicore.dbp.requests.persistence.RequestEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Decides which consumed events are news in Slack and queues them ({@link SlackNotificationQueue}). Runs inside the
 * Kafka handlers before their offsets are committed, and a failure here fails the handler (which retries), so an
 * accepted event is never dropped on its way to Slack. The {@link SlackDispatcher} does the talking to Slack.
 */
@ApplicationScoped
public class SlackAnnouncements {

    private static final Set<EventType> ANNOUNCED = EnumSet.of(
            EventType.APPROVAL_REQUIRED,
            EventType.REQUEST_APPROVED,
            EventType.REQUEST_REJECTED,
            EventType.REQUEST_EXPIRED,
            EventType.JOB_STARTED,
            EventType.JOB_PROGRESS,
            EventType.JOB_SUCCEEDED,
            EventType.JOB_FAILED);
    private static final List<String> OPS_SEVERITIES = List.of("HIGH", "CRITICAL", "BLOCKER");

    private final SlackSettings settings;
    private final SlackNotificationQueue queue;
    private final SlackDispatcher dispatcher;

    public SlackAnnouncements(SlackSettings settings, SlackNotificationQueue queue, SlackDispatcher dispatcher) {
        this.settings = settings;
        this.queue = queue;
        this.dispatcher = dispatcher;
    }

    /** Called after the lifecycle projection applied a decision or job-status event. */
    public Uni<Void> onLifecycleEvent(EventEnvelope event) {
        if (!settings.enabled()) {
            return Uni.createFrom().voidItem();
        }
        var type = EventType.fromCeType(event.type()).orElse(null);
        UUID requestId = requestIdOf(event);
        if (type == null || !ANNOUNCED.contains(type) || requestId == null) {
            return Uni.createFrom().voidItem();
        }
        return ignoredByProjection(event.id())
                .flatMap(ignored -> ignored
                        ? Uni.createFrom().voidItem()
                        : queue.enqueue(event.id(), requestId, event.type(), event.data())
                                .invoke(dispatcher::kick));
    }

    /** A health finding from monitoring: high-severity ones go to the ops channel. */
    public Uni<Void> onHealthFinding(EventEnvelope event) {
        if (!settings.enabled() || settings.opsChannel().isEmpty() || !forOps(event.data())) {
            return Uni.createFrom().voidItem();
        }
        return queue.enqueue(event.id(), null, event.type(), event.data()).invoke(dispatcher::kick);
    }

    private static boolean forOps(byte[] data) {
        try {
            JsonNode finding = EventJson.mapper().readTree(data);
            return OPS_SEVERITIES.contains(finding.path("severity").asText("").toUpperCase(Locale.ROOT));
        } catch (IOException notJson) {
            return false;
        }
    }

    private static UUID requestIdOf(EventEnvelope event) {
        try {
            return UUID.fromString(String.valueOf(event.subject()));
        } catch (IllegalArgumentException notARequest) {
            return null;
        }
    }

    /** An event the state machine refused (e.g. approved after rejected) is not news for anybody. */
    private static Uni<Boolean> ignoredByProjection(String eventId) {
        return Panache.withSession(
                        () -> RequestEvent.count("eventId = ?1 and kind = ?2", eventId, RequestEvent.Kind.IGNORED))
                .map(count -> count > 0);
    }
}
