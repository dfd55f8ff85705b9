-- What each SCHEMA_CHANGE request applied, with its undo script: a ROLLBACK names the request, not the versions.
CREATE TABLE applied_migration (
    request_id      uuid        NOT NULL,
    target_database text        NOT NULL,
    target_schema   text        NOT NULL,
    version         text        NOT NULL,
    description     text        NOT NULL,
    sql             text        NOT NULL,
    undo_sql        text,
    applied_at      timestamptz NOT NULL DEFAULT now(),
    -- the ROLLBACK request that undid it, once one did
    rolled_back_by  uuid,
    rolled_back_at  timestamptz,
    PRIMARY KEY (request_id, version)
);
CREATE INDEX applied_migration_target_idx ON applied_migration (target_database, target_schema, version);

-- Login secrets of the roles the platform created (PROVISION_SCHEMA), AES-GCM encrypted with dbp.secrets.key.
CREATE TABLE team_credential (
    target_database text        NOT NULL,
    role_name       text        NOT NULL,
    nonce           bytea       NOT NULL,
    ciphertext      bytea       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (target_database, role_name)
);
