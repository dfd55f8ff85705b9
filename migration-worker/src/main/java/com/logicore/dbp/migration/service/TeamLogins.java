package com.logicore.dbp.migration.service;

import com.logicore.dbp.migration.config.TargetConfig;
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

    public TeamLogins(TargetConfig config) {
        this.config = config;
    }

    public String roleOf(String team) {
        return config.teamRolePrefix() + team.replace('-', '_');
    }

    /** The team's login, its session tagged with the request so its blockers can be found. */
    public TeamLogin forTeam(String team, String requestId) {
        return new TeamLogin(
                config.jdbcUrl(), roleOf(team), config.teamPassword().orElse(""), "dbp-job:" + requestId);
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
