-- One row per archive batch: the checkpoint that lets a crashed archive resume without archiving a document twice
-- and without deleting one that is not in a verified file. States: VERIFIED (files written, synced, read back and
-- matched against the source) -> DELETED (exactly ids removed from the source; or KEPT in no-delete mode).
CREATE TABLE archive_batch (
    request_id   uuid        NOT NULL,
    batch_no     integer     NOT NULL,
    state        text        NOT NULL,
    documents    integer     NOT NULL,
    bytes        bigint      NOT NULL,
    content_hash text        NOT NULL,
    -- archive files of this batch (relative to the store), one per day
    files        jsonb       NOT NULL,
    -- exactly the archived _ids (extended JSON), the only ones a delete may touch
    ids          jsonb       NOT NULL,
    -- the keyset position after this batch: the time field and _id of its last document (extended JSON)
    last_key     text        NOT NULL,
    first_time   timestamptz NOT NULL,
    last_time    timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    PRIMARY KEY (request_id, batch_no)
);

-- The cutoff of an archive run, fixed at its first start so a resumed run archives the same range.
CREATE TABLE archive_run (
    request_id uuid PRIMARY KEY,
    collection text        NOT NULL,
    time_field text        NOT NULL,
    cutoff     timestamptz NOT NULL
);
