package com.logicore.dbp.requests.persistence;

import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.requests.lifecycle.RequestState;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A self-service request and where it is in its lifecycle. */
@Entity
@Table(name = "request")
public class Request extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "team_id", nullable = false)
    public String teamId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public RequestType type;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public RequestState state;

    @Column(name = "target_database", nullable = false)
    public String targetDatabase;

    @Column(name = "target_schema", nullable = false)
    public String targetSchema;

    /** The validated type-specific payload, as JSON. */
    @Column(nullable = false)
    public String payload;

    public String reason;

    @Column(name = "submitted_by", nullable = false)
    public String submittedBy;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    @Column(name = "body_hash", nullable = false)
    public String bodyHash;

    public String risk;

    @Column(name = "progress_percent")
    public Integer progressPercent;

    /** The worker's result (JSON) once SUCCEEDED, or its error once FAILED. */
    public String result;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    @Version
    public int version;
}
