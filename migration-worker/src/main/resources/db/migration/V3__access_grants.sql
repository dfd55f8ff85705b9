-- Time-boxed read access granted by ACCESS_GRANT: the role, when it expires, and its secret (AES-GCM, dbp.secrets.key).
CREATE TABLE access_grant (
    request_id      uuid PRIMARY KEY,
    target_database text        NOT NULL,
    target_schema   text        NOT NULL,
    role_name       text        NOT NULL UNIQUE,
    grantee         text        NOT NULL,
    expires_at      timestamptz NOT NULL,
    nonce           bytea       NOT NULL,
    ciphertext      bytea       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    revoked_at      timestamptz
);
CREATE INDEX access_grant_expiry_idx ON access_grant (expires_at) WHERE revoked_at IS NULL;
