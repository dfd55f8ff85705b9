package com.logicore.dbp.outbox;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The consumed-event log: handlers call {@link #firstDelivery} inside their transaction and skip the work when it
 * answers false, so a redelivered event (same CloudEvent id) changes nothing.
 */
@ApplicationScoped
public class ConsumedEvents {

    /** Records the event as consumed; false when it already was. Must run inside the handler's transaction. */
    public Uni<Boolean> firstDelivery(String eventId, String topic) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(
                                "INSERT INTO consumed_event (event_id, topic) VALUES (:id, :topic) ON CONFLICT DO NOTHING")
                        .setParameter("id", eventId)
                        .setParameter("topic", topic)
                        .executeUpdate())
                .map(inserted -> inserted == 1);
    }
}
