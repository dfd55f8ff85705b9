package com.logicore.dbp.requests.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** An event that arrived before its request could take it; retried after the request's next transition. */
@Entity
@Table(name = "deferred_event")
public class DeferredEvent extends PanacheEntityBase {

    @Id
    @Column(name = "event_id")
    public String eventId;

    @Column(name = "request_id", nullable = false)
    public UUID requestId;

    @Column(name = "event_type", nullable = false)
    public String eventType;

    @Column(nullable = false)
    public String source;

    @Column(nullable = false)
    public String data;

    @Column(name = "received_at", nullable = false)
    public OffsetDateTime receivedAt;
}
