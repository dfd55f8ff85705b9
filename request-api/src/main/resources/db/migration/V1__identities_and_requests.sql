-- Identities: teams, their members and roles, API tokens (only their SHA-256 is stored).
CREATE TABLE team (
    id         text PRIMARY KEY,
    name       text        NOT NULL,
    -- A reviewer team (the DBAs) sees every team's requests and its approvers may decide on them.
    reviewer   boolean     NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE member (
    id           uuid PRIMARY KEY,
    team_id      text        NOT NULL REFERENCES team (id),
    username     text        NOT NULL UNIQUE,
    display_name text,
    roles        text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_token (
    id         uuid PRIMARY KEY,
    member_id  uuid        NOT NULL REFERENCES member (id),
    token_hash text        NOT NULL UNIQUE,
    label      text,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);

-- Which team owns which schema of which target database.
CREATE TABLE schema_ownership (
    target_database text        NOT NULL,
    schema_name     text        NOT NULL,
    team_id         text        NOT NULL REFERENCES team (id),
    assigned_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (target_database, schema_name)
);

-- Requests and their timeline.
CREATE TABLE request (
    id               uuid PRIMARY KEY,
    team_id          text        NOT NULL REFERENCES team (id),
    type             text        NOT NULL,
    state            text        NOT NULL,
    target_database  text        NOT NULL,
    target_schema    text        NOT NULL,
    payload          text        NOT NULL,
    reason           text,
    submitted_by     text        NOT NULL,
    idempotency_key  text,
    body_hash        text        NOT NULL,
    risk             text,
    progress_percent integer,
    result           text,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    version          integer     NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX request_idempotency ON request (team_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX request_by_time ON request (created_at DESC, id DESC);
CREATE INDEX request_by_team_time ON request (team_id, created_at DESC, id DESC);

CREATE TABLE request_event (
    id          bigserial PRIMARY KEY,
    request_id  uuid        NOT NULL REFERENCES request (id),
    -- APPLIED (state changed), IGNORED (illegal move, state kept), DEFERRED (arrived early), NOTE (no state change)
    kind        text        NOT NULL,
    from_state  text,
    to_state    text,
    actor       text        NOT NULL,
    reason      text,
    findings    text,
    event_id    text,
    event_type  text,
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX request_event_by_request ON request_event (request_id, id);

-- Events that arrived before the request could take them (see RequestStateMachine); retried after each transition.
CREATE TABLE deferred_event (
    event_id    text PRIMARY KEY,
    request_id  uuid        NOT NULL REFERENCES request (id),
    event_type  text        NOT NULL,
    source      text        NOT NULL,
    data        text        NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX deferred_event_by_request ON deferred_event (request_id);
