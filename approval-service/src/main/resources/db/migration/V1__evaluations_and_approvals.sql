-- What policy decided about each request, and what it is waiting for.
CREATE TABLE evaluation (
    request_id      uuid PRIMARY KEY,
    type            text        NOT NULL,
    team            text        NOT NULL,
    submitted_by    text        NOT NULL,
    target_database text        NOT NULL,
    target_schema   text        NOT NULL,
    payload         text        NOT NULL,
    outcome         text        NOT NULL,
    risk            text        NOT NULL,
    findings        text        NOT NULL,
    -- AWAITING_APPROVAL, APPROVED, REJECTED, CANCELLED
    status          text        NOT NULL,
    evaluated_at    timestamptz NOT NULL,
    decided_at      timestamptz
);

-- Every human decision recorded for a request.
CREATE TABLE approval (
    id          bigserial PRIMARY KEY,
    request_id  uuid        NOT NULL REFERENCES evaluation (request_id),
    approver    text        NOT NULL,
    decision    text        NOT NULL,
    comment     text,
    decided_at  timestamptz NOT NULL
);
CREATE INDEX approval_by_request ON approval (request_id);

-- Who owns which target schema, as published on dbp.ownership.
CREATE TABLE schema_owner (
    target_database text NOT NULL,
    schema_name     text NOT NULL,
    team            text NOT NULL,
    PRIMARY KEY (target_database, schema_name)
);
