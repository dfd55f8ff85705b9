-- The transactional outbox: a service writes its state change and the events announcing it in one transaction;
-- OutboxRelay publishes unsent rows to Kafka in id order and marks them sent.
CREATE TABLE outbox_event (
    id          bigserial PRIMARY KEY,
    event_id    uuid        NOT NULL UNIQUE,
    topic       text        NOT NULL,
    record_key  text,
    ce_type     text        NOT NULL,
    ce_source   text        NOT NULL,
    ce_subject  text,
    ce_time     timestamptz NOT NULL,
    traceparent text,
    data        text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    sent_at     timestamptz,
    attempts    integer     NOT NULL DEFAULT 0,
    last_error  text
);
CREATE INDEX outbox_event_unsent ON outbox_event (id) WHERE sent_at IS NULL;

-- Events this service has already handled, by CloudEvent id: a redelivered event changes nothing.
CREATE TABLE consumed_event (
    event_id    text        PRIMARY KEY,
    topic       text        NOT NULL,
    consumed_at timestamptz NOT NULL DEFAULT now()
);
