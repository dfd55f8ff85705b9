package com.logicore.dbp.monitoring.dbhealth;

import com.logicore.dbp.monitoring.config.MonitoringConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Read-only JDBC sessions on the target PostgreSQL for probes and reviews: every session is
 * {@code default_transaction_read_only} with a statement timeout, whatever role it logs in as.
 */
@ApplicationScoped
public class TargetDatabase {

    private final MonitoringConfig.Target target;

    public TargetDatabase(MonitoringConfig config) {
        this.target = config.target();
    }

    public Connection open() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", target.username());
        target.password().ifPresent(p -> props.setProperty("password", p));
        props.setProperty("ApplicationName", "dbp-monitoring");
        props.setProperty(
                "options",
                "-c default_transaction_read_only=on -c statement_timeout="
                        + target.statementTimeout().toMillis() + " -c idle_in_transaction_session_timeout=60000");
        Connection connection = DriverManager.getConnection(target.jdbcUrl(), props);
        connection.setReadOnly(true);
        return connection;
    }

    public String database() {
        return target.database();
    }

    /** Schema → team, from schema owner roles named {@code team_<team>}. */
    public static Map<String, String> schemaTeams(Connection connection) throws SQLException {
        Map<String, String> teams = new HashMap<>();
        try (var statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT n.nspname, r.rolname FROM pg_namespace n"
                        + " JOIN pg_roles r ON r.oid = n.nspowner WHERE r.rolname LIKE 'team\\_%'")) {
            while (rows.next()) {
                teams.put(rows.getString(1), rows.getString(2).substring("team_".length()));
            }
        }
        return teams;
    }
}
