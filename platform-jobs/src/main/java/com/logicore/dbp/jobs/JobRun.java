package com.logicore.dbp.jobs;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One job (request) a worker ran or runs; its status makes a replayed job idempotent. Each worker creates the
 * {@code job_run} table in its own database with its own Flyway migration ({@code V1__job_runs.sql}).
 */
@Entity
@Table(name = "job_run")
public class JobRun extends PanacheEntityBase {

    /** Where the job stands. */
    public enum Status {
        RUNNING,
        SUCCEEDED,
        FAILED
    }

    @Id
    @Column(name = "request_id")
    public UUID requestId;

    @Column(nullable = false)
    public String type;

    @Column(nullable = false)
    public String team;

    @Column(name = "target_database", nullable = false)
    public String targetDatabase;

    @Column(name = "target_schema", nullable = false)
    public String targetSchema;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "started_at", nullable = false)
    public OffsetDateTime startedAt;

    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;

    public String result;

    public String error;
}
