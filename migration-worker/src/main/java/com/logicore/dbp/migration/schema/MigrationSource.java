package com.logicore.dbp.migration.schema;

/** One versioned migration as a team submitted it; {@code undoSql} may be {@code null}. */
public record MigrationSource(String version, String description, String sql, String undoSql) {}
