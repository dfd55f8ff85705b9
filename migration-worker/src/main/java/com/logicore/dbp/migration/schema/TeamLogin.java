package com.logicore.dbp.migration.schema;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * How to log in as a team's own role. Every session is tagged with an {@code application_name} naming the request, so
 * the worker can find its own sessions in {@code pg_stat_activity} (to see who blocks them).
 */
public record TeamLogin(String jdbcUrl, String role, String password, String applicationName) {

    public String urlWithApplicationName() {
        return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "ApplicationName="
                + URLEncoder.encode(applicationName, StandardCharsets.UTF_8);
    }

    public Connection open() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", role);
        properties.setProperty("password", password == null ? "" : password);
        return DriverManager.getConnection(urlWithApplicationName(), properties);
    }

    @Override
    public String toString() {
        return "TeamLogin[role=" + role + ", applicationName=" + applicationName + "]"; // never the password
    }
}
