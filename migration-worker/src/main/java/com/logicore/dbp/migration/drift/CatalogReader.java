package com.logicore.dbp.migration.drift;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads a schema's {@link SchemaStructure} from the PostgreSQL catalog. The schema's Flyway history table is left out:
 * the platform writes it, and its rows are not structure. Always read through the same kind of connection (the admin
 * login): {@code format_type} and {@code pg_get_*def} qualify names depending on the session's {@code search_path}.
 */
public final class CatalogReader {

    private static final String RELATIONS = "('r', 'p', 'v', 'm', 'f')";
    private static final String HISTORY = "flyway_schema_history";

    private CatalogReader() {}

    /** The schema's structure, or empty when the schema does not exist (any more). */
    public static Optional<SchemaStructure> read(Connection connection, String schema) throws SQLException {
        if (!exists(connection, schema)) {
            return Optional.empty();
        }
        var tables = new TreeMap<String, SchemaStructure.Table>();
        try (PreparedStatement query = connection.prepareStatement(
                """
                SELECT c.relname, c.relkind, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                       pg_get_expr(d.adbin, d.adrelid)
                  FROM pg_class c
                  JOIN pg_namespace n ON n.oid = c.relnamespace
                  LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                 WHERE n.nspname = ? AND c.relkind IN %s AND c.relname <> ?
                 ORDER BY c.relname, a.attnum"""
                        .formatted(RELATIONS))) {
            query.setString(1, schema);
            query.setString(2, HISTORY);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    String kind = kind(rs.getString(2));
                    var table = tables.computeIfAbsent(
                            rs.getString(1), name -> new SchemaStructure.Table(kind, new LinkedHashMap<>()));
                    if (rs.getString(3) != null) {
                        table.columns()
                                .put(
                                        rs.getString(3),
                                        new SchemaStructure.Column(rs.getString(4), rs.getBoolean(5), rs.getString(6)));
                    }
                }
            }
        }
        var indexes = new TreeMap<String, SchemaStructure.Index>();
        try (PreparedStatement query = connection.prepareStatement(
                """
                SELECT ci.relname, ct.relname, pg_get_indexdef(i.indexrelid)
                  FROM pg_index i
                  JOIN pg_class ci ON ci.oid = i.indexrelid
                  JOIN pg_class ct ON ct.oid = i.indrelid
                  JOIN pg_namespace n ON n.oid = ci.relnamespace
                 WHERE n.nspname = ? AND ct.relname <> ?""")) {
            query.setString(1, schema);
            query.setString(2, HISTORY);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    indexes.put(rs.getString(1), new SchemaStructure.Index(rs.getString(2), rs.getString(3)));
                }
            }
        }
        var constraints = new TreeMap<String, SchemaStructure.Constraint>();
        try (PreparedStatement query = connection.prepareStatement(
                """
                SELECT ct.relname, co.conname, pg_get_constraintdef(co.oid)
                  FROM pg_constraint co
                  JOIN pg_class ct ON ct.oid = co.conrelid
                  JOIN pg_namespace n ON n.oid = ct.relnamespace
                 WHERE n.nspname = ? AND ct.relname <> ? AND co.contype <> 'n'""")) {
            query.setString(1, schema);
            query.setString(2, HISTORY);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    constraints.put(
                            rs.getString(1) + "." + rs.getString(2),
                            new SchemaStructure.Constraint(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return Optional.of(new SchemaStructure(tables, indexes, constraints));
    }

    private static boolean exists(Connection connection, String schema) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            query.setString(1, schema);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String kind(String relkind) {
        return switch (relkind) {
            case "v" -> "view";
            case "m" -> "materialized view";
            case "f" -> "foreign table";
            default -> "table";
        };
    }
}
