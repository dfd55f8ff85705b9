package com.logicore.dbp.migration.persistence;

import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.migration.drift.SchemaStructure;
import io.agroal.api.AgroalDataSource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The structure of each managed schema after its last platform change, and the drift last reported about it. */
@ApplicationScoped
public class SchemaSnapshots {

    /** One managed schema's snapshot. {@code reportedDrift}: the differences last announced, or null. */
    public record Snapshot(
            String database,
            String schema,
            String team,
            SchemaStructure structure,
            Instant takenAt,
            UUID takenAfter,
            String reportedDrift) {}

    private final AgroalDataSource dataSource;

    public SchemaSnapshots(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Replaces the schema's snapshot; the drift last reported stays, so the next check can announce it is gone. */
    public void save(String database, String schema, String team, SchemaStructure structure, UUID takenAfter)
            throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement upsert = c.prepareStatement(
                        """
                        INSERT INTO schema_snapshot (target_database, target_schema, team, structure, taken_at,
                                                     taken_after)
                        VALUES (?, ?, ?, ?, now(), ?)
                        ON CONFLICT (target_database, target_schema) DO UPDATE
                           SET team = excluded.team, structure = excluded.structure, taken_at = excluded.taken_at,
                               taken_after = excluded.taken_after""")) {
            upsert.setString(1, database);
            upsert.setString(2, schema);
            upsert.setString(3, team);
            upsert.setString(4, new String(EventJson.write(structure), StandardCharsets.UTF_8));
            upsert.setObject(5, takenAfter);
            upsert.executeUpdate();
        }
    }

    /** The managed schemas, as {@code database/schema}. */
    public List<String> managed() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement query = c.prepareStatement(
                        "SELECT target_database || '/' || target_schema FROM schema_snapshot ORDER BY 1");
                ResultSet rs = query.executeQuery()) {
            List<String> schemas = new ArrayList<>();
            while (rs.next()) {
                schemas.add(rs.getString(1));
            }
            return schemas;
        }
    }

    public Optional<Snapshot> find(String database, String schema) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement query = c.prepareStatement(
                        """
                        SELECT team, structure, taken_at, taken_after, reported_drift FROM schema_snapshot
                         WHERE target_database = ? AND target_schema = ?""")) {
            query.setString(1, database);
            query.setString(2, schema);
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Snapshot(
                        database,
                        schema,
                        rs.getString(1),
                        EventJson.read(rs.getString(2).getBytes(StandardCharsets.UTF_8), SchemaStructure.class),
                        rs.getTimestamp(3).toInstant(),
                        rs.getObject(4, UUID.class),
                        rs.getString(5)));
            }
        }
    }

    /**
     * Records what was announced about the schema's drift ({@code null}: none outstanding). Reactive, so it commits in
     * the same transaction as the outbox row of the announcement.
     */
    public Uni<Integer> markReported(String database, String schema, String drift) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery("UPDATE schema_snapshot SET reported_drift = ?1"
                                + " WHERE target_database = ?2 AND target_schema = ?3")
                        .setParameter(1, drift)
                        .setParameter(2, database)
                        .setParameter(3, schema)
                        .executeUpdate());
    }
}
