package com.logicore.dbp.migration.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The migrations each SCHEMA_CHANGE request applied (with their undo scripts), in the worker's own database. */
@ApplicationScoped
public class AppliedMigrations {

    /** One applied migration of a request. */
    public record Applied(
            UUID requestId,
            String database,
            String schema,
            String version,
            String description,
            String sql,
            String undoSql,
            UUID rolledBackBy) {}

    private final AgroalDataSource dataSource;

    public AppliedMigrations(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Records what a request applied; recording it again (a resumed run) changes nothing. */
    public void record(List<Applied> applied) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement(
                        """
                        INSERT INTO applied_migration
                            (request_id, target_database, target_schema, version, description, sql, undo_sql)
                        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (request_id, version) DO NOTHING""")) {
            for (Applied a : applied) {
                insert.setObject(1, a.requestId());
                insert.setString(2, a.database());
                insert.setString(3, a.schema());
                insert.setString(4, a.version());
                insert.setString(5, a.description());
                insert.setString(6, a.sql());
                insert.setString(7, a.undoSql());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Everything the request applied to that schema, in the order it was applied. */
    public List<Applied> ofRequest(UUID requestId, String database, String schema) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement query = c.prepareStatement(
                        """
                        SELECT request_id, target_database, target_schema, version, description, sql, undo_sql,
                               rolled_back_by
                          FROM applied_migration
                         WHERE request_id = ? AND target_database = ? AND target_schema = ?
                         ORDER BY applied_at, version""")) {
            query.setObject(1, requestId);
            query.setString(2, database);
            query.setString(3, schema);
            List<Applied> found = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    found.add(new Applied(
                            rs.getObject(1, UUID.class),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7),
                            rs.getObject(8, UUID.class)));
                }
            }
            return found;
        }
    }

    public void markRolledBack(UUID requestId, String version, UUID rollbackRequestId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement(
                        """
                        UPDATE applied_migration SET rolled_back_by = ?, rolled_back_at = now()
                         WHERE request_id = ? AND version = ? AND rolled_back_by IS NULL""")) {
            update.setObject(1, rollbackRequestId);
            update.setObject(2, requestId);
            update.setString(3, version);
            update.executeUpdate();
        }
    }
}
