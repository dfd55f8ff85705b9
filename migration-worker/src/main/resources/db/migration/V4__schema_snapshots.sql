-- The structure of each managed schema as the platform last left it (after a successful change), for drift checks.
CREATE TABLE schema_snapshot (
    target_database text        NOT NULL,
    target_schema   text        NOT NULL,
    team            text        NOT NULL,
    -- SchemaStructure as JSON: tables, columns, indexes, constraints
    structure       text        NOT NULL,
    taken_at        timestamptz NOT NULL,
    -- the request whose change this snapshot follows
    taken_after     uuid        NOT NULL,
    -- the differences last announced on dbp.health (one per line); null while none is outstanding
    reported_drift  text,
    PRIMARY KEY (target_database, target_schema)
);
