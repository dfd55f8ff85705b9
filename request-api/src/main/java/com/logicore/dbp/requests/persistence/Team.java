package com.logicore.dbp.requests.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A team: its members submit requests; a reviewer team's approvers decide on everyone's. */
@Entity
@Table(name = "team")
public class Team extends PanacheEntityBase {

    @Id
    public String id;

    @Column(nullable = false)
    public String name;

    public boolean reviewer;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
}
