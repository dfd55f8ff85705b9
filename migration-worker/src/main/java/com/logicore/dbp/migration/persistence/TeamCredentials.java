package com.logicore.dbp.migration.persistence;

import com.logicore.dbp.migration.config.SecretsConfig;
import com.logicore.dbp.migration.secrets.SecretBox;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Login secrets of the roles the platform created, encrypted at rest; only this worker can read them. */
@ApplicationScoped
public class TeamCredentials {

    private final AgroalDataSource dataSource;
    private final Optional<SecretBox> box;

    public TeamCredentials(AgroalDataSource dataSource, SecretsConfig config) {
        this.dataSource = dataSource;
        this.box = config.key().filter(k -> !k.isBlank()).map(SecretBox::new);
    }

    public boolean canStore() {
        return box.isPresent();
    }

    /** Stores the role's secret; a second store for the same role (a resumed provisioning) replaces it. */
    public void store(String database, String role, String password) throws SQLException {
        var sealed = box.orElseThrow(() -> new IllegalStateException("dbp.secrets.key is not configured"))
                .seal(password, database + "/" + role);
        try (Connection c = dataSource.getConnection();
                PreparedStatement upsert = c.prepareStatement(
                        """
                        INSERT INTO team_credential (target_database, role_name, nonce, ciphertext) VALUES (?, ?, ?, ?)
                        ON CONFLICT (target_database, role_name)
                        DO UPDATE SET nonce = excluded.nonce, ciphertext = excluded.ciphertext, created_at = now()""")) {
            upsert.setString(1, database);
            upsert.setString(2, role);
            upsert.setBytes(3, sealed.nonce());
            upsert.setBytes(4, sealed.ciphertext());
            upsert.executeUpdate();
        }
    }

    /** The role's secret when the platform created the role; empty for roles it did not create. */
    public Optional<String> find(String database, String role) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement query = c.prepareStatement(
                        "SELECT nonce, ciphertext FROM team_credential WHERE target_database = ? AND role_name = ?")) {
            query.setString(1, database);
            query.setString(2, role);
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                var sealed = new SecretBox.Sealed(rs.getBytes(1), rs.getBytes(2));
                return Optional.of(box.orElseThrow(() -> new IllegalStateException("dbp.secrets.key is not configured"))
                        .open(sealed, database + "/" + role));
            }
        }
    }
}
