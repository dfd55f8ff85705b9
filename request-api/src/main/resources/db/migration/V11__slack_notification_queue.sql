-- What the bot still has to tell Slack. A consumed event is queued here before its Kafka offset is committed and a
-- dispatcher delivers it with retries, so nothing is lost while Slack is slow, down or rate-limiting us (at least
-- once: a crash between Slack's answer and marking the row delivered repeats that one message).
CREATE TABLE slack_notification (
    id              bigserial PRIMARY KEY,
    event_id        text        NOT NULL UNIQUE,  -- a redelivered event is queued once
    request_id      uuid,                         -- a request's messages go out in order; null for health findings
    event_type      text        NOT NULL,
    event_data      bytea       NOT NULL,
    queued_at       timestamptz NOT NULL DEFAULT now(),
    attempts        int         NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    claimed_until   timestamptz,                  -- an instance is delivering it; lapses if that instance dies
    last_error      text,
    delivered_at    timestamptz,
    given_up_at     timestamptz
);
CREATE INDEX slack_notification_pending ON slack_notification (next_attempt_at)
    WHERE delivered_at IS NULL AND given_up_at IS NULL;
CREATE INDEX slack_notification_by_request ON slack_notification (request_id, id)
    WHERE delivered_at IS NULL AND given_up_at IS NULL;

-- Replaced by the queue's unique event_id: it marked events before they were sent, so a failed send was lost.
DROP TABLE slack_notified_event;
