package com.logicore.dbp.requests.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;

/** A target schema and the team that owns it. */
@Entity
@Table(name = "schema_ownership")
public class SchemaOwnership extends PanacheEntityBase {

    @EmbeddedId
    public Key key;

    @Column(name = "team_id", nullable = false)
    public String teamId;

    @Column(name = "assigned_at", nullable = false)
    public OffsetDateTime assignedAt;

    /** Target database and schema. */
    @Embeddable
    public record Key(
            @Column(name = "target_database") String targetDatabase, @Column(name = "schema_name") String schemaName)
            implements Serializable {}
}
