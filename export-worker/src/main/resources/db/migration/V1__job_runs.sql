-- One row per job (request): makes a replayed job idempotent and lets a crashed run resume.
CREATE TABLE job_run (
    request_id      uuid PRIMARY KEY,
    type            text        NOT NULL,
    team            text        NOT NULL,
    target_database text        NOT NULL,
    target_schema   text        NOT NULL,
    -- RUNNING, SUCCEEDED, FAILED
    status          text        NOT NULL,
    attempts        integer     NOT NULL DEFAULT 1,
    started_at      timestamptz NOT NULL,
    finished_at     timestamptz,
    result          text,
    error           text
);
