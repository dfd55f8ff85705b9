package com.logicore.dbp.approval.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One person's recorded decision on a request. */
@Entity
@Table(name = "approval")
public class Approval extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "request_id", nullable = false)
    public UUID requestId;

    @Column(nullable = false)
    public String approver;

    @Column(nullable = false)
    public String decision;

    public String comment;

    @Column(name = "decided_at", nullable = false)
    public OffsetDateTime decidedAt;
}
