package com.logicore.dbp.migration.persistence;

import com.logicore.dbp.migration.config.SecretsConfig;
import com.logicore.dbp.migration.secrets.SecretBox;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Access grants this worker created, with their encrypted secrets, until they are revoked. */
@ApplicationScoped
public class AccessGrants {

    /** A grant's login, for its requester only. {@code revoked}: it has expired and the role is gone. */
    public record Credentials(String schema, String role, String password, Instant expiresAt, boolean revoked) {}

    /** A grant due for revocation. */
    public record Due(UUID requestId, String database, String role, Instant expiresAt) {}

    private final AgroalDataSource dataSource;
    private final Optional<SecretBox> box;

    public AccessGrants(AgroalDataSource dataSource, SecretsConfig config) {
        this.dataSource = dataSource;
        this.box = config.key().filter(k -> !k.isBlank()).map(SecretBox::new);
    }

    public boolean canStore() {
        return box.isPresent();
    }

    /** Records a grant; recording the same request again (a resumed run) keeps the first record. */
    public void record(
            UUID requestId,
            String database,
            String schema,
            String role,
            String grantee,
            Instant expiresAt,
            String password)
            throws SQLException {
        var sealed = box.orElseThrow().seal(password, database + "/" + role);
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement(
                        """
                        INSERT INTO access_grant (request_id, target_database, target_schema, role_name, grantee,
                                                  expires_at, nonce, ciphertext)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (request_id) DO NOTHING""")) {
            insert.setObject(1, requestId);
            insert.setString(2, database);
            insert.setString(3, schema);
            insert.setString(4, role);
            insert.setString(5, grantee);
            insert.setTimestamp(6, Timestamp.from(expiresAt));
            insert.setBytes(7, sealed.nonce());
            insert.setBytes(8, sealed.ciphertext());
            insert.executeUpdate();
        }
    }

    public List<Due> due(Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement query = c.prepareStatement(
                        """
                        SELECT request_id, target_database, role_name, expires_at FROM access_grant
                         WHERE revoked_at IS NULL AND expires_at <= ? ORDER BY expires_at""")) {
            query.setTimestamp(1, Timestamp.from(now));
            List<Due> due = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    due.add(new Due(
                            rs.getObject(1, UUID.class),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getTimestamp(4).toInstant()));
                }
            }
            return due;
        }
    }

    /** The grant of a request while it is not revoked yet. */
    public Optional<Due> active(UUID requestId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement query = c.prepareStatement(
                        """
                        SELECT request_id, target_database, role_name, expires_at FROM access_grant
                         WHERE request_id = ? AND revoked_at IS NULL""")) {
            query.setObject(1, requestId);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Due(
                                rs.getObject(1, UUID.class),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getTimestamp(4).toInstant()))
                        : Optional.empty();
            }
        }
    }

    public Optional<Credentials> credentials(UUID requestId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement query = c.prepareStatement(
                        """
                        SELECT target_database, target_schema, role_name, expires_at, revoked_at IS NOT NULL, nonce,
                               ciphertext
                          FROM access_grant WHERE request_id = ?""")) {
            query.setObject(1, requestId);
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String role = rs.getString(3);
                boolean revoked = rs.getBoolean(5);
                String password = revoked
                        ? null
                        : box.orElseThrow()
                                .open(
                                        new SecretBox.Sealed(rs.getBytes(6), rs.getBytes(7)),
                                        rs.getString(1) + "/" + role);
                return Optional.of(new Credentials(
                        rs.getString(2), role, password, rs.getTimestamp(4).toInstant(), revoked));
            }
        }
    }

    public void markRevoked(UUID requestId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update =
                        c.prepareStatement("UPDATE access_grant SET revoked_at = now() WHERE request_id = ?")) {
            update.setObject(1, requestId);
            update.executeUpdate();
        }
    }
}
