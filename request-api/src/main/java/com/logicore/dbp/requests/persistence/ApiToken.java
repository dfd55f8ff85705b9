package com.logicore.dbp.requests.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** An API token of a member. Only its SHA-256 is kept: the token itself is shown once, at creation. */
@Entity
@Table(name = "api_token")
public class ApiToken extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "member_id", nullable = false)
    public UUID memberId;

    @Column(name = "token_hash", nullable = false, unique = true)
    public String tokenHash;

    public String label;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "revoked_at")
    public OffsetDateTime revokedAt;
}
