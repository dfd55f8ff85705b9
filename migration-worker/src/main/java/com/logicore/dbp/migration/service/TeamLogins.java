package com.logicore.dbp.migration.service;

import com.logicore.dbp.migration.config.TargetConfig;
import com.logicore.dbp.migration.persistence.TeamCredentials;
import com.logicore.dbp.migration.schema.TeamLogin;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Logins on the target database: a team's own role for team SQL (never a shared role plus SET ROLE, which team SQL
 * could reset), and the platform's admin login for what only the platform runs (provisioning, watching blockers).
 */
@ApplicationScoped
public class TeamLogins {

    private final TargetConfig config;
    private final TeamCredentials credentials;

    public TeamLogins(TargetConfig config, TeamCredentials credentials) {
        this.config = config;
        this.credentials = credentials;
    }

    public String roleOf(String team) {
        return config.teamRolePrefix() + team.replace('-', '_');
    }

    /**
     * The team's login, its session tagged with the request so its blockers can be found: the role's own generated
     * secret when the platform provisioned it, otherwise the configured team password.
     */
    public TeamLogin forTeam(String team, String database, String requestId) throws SQLException {
        String role = roleOf(team);
        String password = credentials.find(database, role).orElseGet(() -> config.teamPassword()
                .orElse(""));
        return new TeamLogin(config.jdbcUrl(), role, password, "dbp-job:" + requestId);
    }

    /** The platform's administrative connection; never used for team SQL. */
    public Connection admin(String purpose) {
        Properties properties = new Properties();
        properties.setProperty("user", config.adminUser());
        properties.setProperty("password", config.adminPassword().orElse(""));
        properties.setProperty("ApplicationName", "dbp-admin:" + purpose);
        try {
            return DriverManager.getConnection(config.jdbcUrl(), properties);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the admin connection: " + e.getMessage(), e);
        }
    }
}
