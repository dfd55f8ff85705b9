package com.logicore.dbp.migration.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/** INVALID indexes of a schema: a failed CREATE INDEX CONCURRENTLY leaves one behind that slows every write. */
final class InvalidIndexes {

    private InvalidIndexes() {}

    static Set<String> in(Connection connection, String schema) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                """
                SELECT c.relname FROM pg_index i
                  JOIN pg_class c ON c.oid = i.indexrelid
                  JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = ? AND NOT i.indisvalid""")) {
            query.setString(1, schema);
            Set<String> names = new HashSet<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        }
    }

    /** Drops the invalid indexes that were not there before; returns their names. */
    static Set<String> dropNew(Connection connection, String schema, Set<String> before) throws SQLException {
        connection.setAutoCommit(true); // DROP INDEX CONCURRENTLY cannot run in a transaction block
        Set<String> dropped = new HashSet<>();
        for (String name : in(connection, schema)) {
            if (!before.contains(name)) {
                try (Statement drop = connection.createStatement()) {
                    drop.execute("DROP INDEX CONCURRENTLY IF EXISTS " + quote(schema) + "." + quote(name));
                }
                dropped.add(name);
            }
        }
        return dropped;
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
