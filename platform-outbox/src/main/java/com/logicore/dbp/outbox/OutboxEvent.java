package com.logicore.dbp.outbox;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One event waiting to be (or already) published; written in the same transaction as the change it announces. */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "event_id", nullable = false, unique = true)
    public UUID eventId;

    @Column(nullable = false)
    public String topic;

    @Column(name = "record_key")
    public String recordKey;

    @Column(name = "ce_type", nullable = false)
    public String ceType;

    @Column(name = "ce_source", nullable = false)
    public String ceSource;

    @Column(name = "ce_subject")
    public String ceSubject;

    @Column(name = "ce_time", nullable = false)
    public OffsetDateTime ceTime;

    public String traceparent;

    @Column(nullable = false)
    public String data;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "sent_at")
    public OffsetDateTime sentAt;
}
