package com.logicore.dbp.events.request;

/** Size limits of request fields: large enough for real migrations, small enough to keep the pipeline fast. */
public final class Limits {

    /** A PostgreSQL identifier as teams write it: lower case, unquoted, at most 63 bytes. */
    public static final String IDENTIFIER = "[a-z_][a-z0-9_]{0,62}";

    public static final String IDENTIFIER_MESSAGE =
            "must be a lower-case PostgreSQL identifier (letters, digits, underscore; at most 63 characters)";

    /** Longest SQL text accepted in one field (64 KiB). */
    public static final int MAX_SQL_CHARS = 65_536;

    /** Most migrations in one SCHEMA_CHANGE request. */
    public static final int MAX_MIGRATIONS = 50;

    private Limits() {}
}
