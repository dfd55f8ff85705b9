-- Slack bot: who is who, which signed requests were seen, and where the bot's messages about a request live.

-- A Slack user acts as this platform member (set by an admin: PUT /api/v1/admin/slack-users/{slackUserId}).
CREATE TABLE slack_user_link (
    slack_user_id text PRIMARY KEY,
    username      text        NOT NULL REFERENCES member (username),
    linked_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX slack_user_link_by_username ON slack_user_link (username);

-- Signatures of accepted Slack requests, kept past the 5-minute window so a replayed request is refused.
CREATE TABLE slack_seen_request (
    signature text PRIMARY KEY,
    seen_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX slack_seen_request_by_time ON slack_seen_request (seen_at);

-- Events already announced in Slack (a redelivered event is not announced twice).
CREATE TABLE slack_notified_event (
    event_id    text PRIMARY KEY,
    notified_at timestamptz NOT NULL DEFAULT now()
);

-- The approval message of a request in the approvers' channel, updated in place.
CREATE TABLE slack_approval_message (
    request_id     uuid PRIMARY KEY REFERENCES request (id),
    channel        text        NOT NULL,
    ts             text        NOT NULL,
    approver_roles text,
    approved_by    text,
    posted_at      timestamptz NOT NULL DEFAULT now()
);

-- The requester's thread about a request, and its progress line (updated in place).
CREATE TABLE slack_thread (
    request_id  uuid PRIMARY KEY REFERENCES request (id),
    channel     text NOT NULL,
    thread_ts   text NOT NULL,
    progress_ts text
);
