package com.logicore.dbp.outbox;

import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.payload.EventPayload;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Appends events to the outbox. Call it inside the transaction that makes the change the event announces
 * ({@code Panache.withTransaction}): both commit or neither does.
 */
@ApplicationScoped
public class Outbox {

    /** PostgreSQL notification channel that wakes the relay when a transaction with new events commits. */
    public static final String CHANNEL = "dbp_outbox";

    private final OutboxConfig config;

    public Outbox(OutboxConfig config) {
        this.config = config;
    }

    /** Appends an event for {@code type}'s own topic, keyed by {@code key}, about {@code subject}. */
    public Uni<UUID> append(EventType type, String key, String subject, EventPayload payload) {
        if (type.topic() == null) {
            throw new IllegalArgumentException(type + " has no fixed topic: use append(topic, ...)");
        }
        return append(type.topic().topicName(), type, key, subject, payload);
    }

    /** Appends an event for an explicit topic (job requests go to the topic of their request type). */
    public Uni<UUID> append(String topic, EventType type, String key, String subject, EventPayload payload) {
        OutboxEvent event = new OutboxEvent();
        event.eventId = UUID.randomUUID();
        event.topic = topic;
        event.recordKey = key;
        event.ceType = type.ceType();
        event.ceSource = config.source();
        event.ceSubject = subject;
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        event.ceTime = now;
        event.createdAt = now;
        event.data = new String(EventJson.write(payload), java.nio.charset.StandardCharsets.UTF_8);
        // NOTIFY is transactional: the relay hears it when (and only if) this transaction commits.
        return event.persist()
                .flatMap(saved -> Panache.getSession())
                .flatMap(session -> session.createNativeQuery("SELECT pg_notify('" + CHANNEL + "', '')")
                        .getSingleResult())
                .replaceWith(event.eventId);
    }
}
