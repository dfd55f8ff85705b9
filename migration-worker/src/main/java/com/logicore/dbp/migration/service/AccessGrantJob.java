package com.logicore.dbp.migration.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.payload.JobRequested;
import com.logicore.dbp.events.request.AccessGrantPayload;
import com.logicore.dbp.jobs.JobOutcome;
import com.logicore.dbp.migration.persistence.AccessGrants;
import com.logicore.dbp.migration.schema.MigrationFailed;
import com.logicore.dbp.migration.secrets.SecretBox;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.postgresql.PGConnection;

/**
 * ACCESS_GRANT: a login role of its own for the grantee, read-only by default, with statement and idle-in-transaction
 * timeouts, {@code VALID UNTIL} the expiry, and SELECT on the schema's tables except those with catalogued PII
 * ({@code directives.masking}; masking views come with the export worker) unless unmasked access was approved. The
 * secret is stored encrypted; it is not part of any event. {@link GrantRevoker} removes the role at expiry.
 */
@ApplicationScoped
public class AccessGrantJob implements JobExecution {

    private final TeamLogins logins;
    private final AccessGrants grants;

    public AccessGrantJob(TeamLogins logins, AccessGrants grants) {
        this.logins = logins;
        this.grants = grants;
    }

    @Override
    public JobOutcome execute(JobRequested job) throws Exception {
        var payload = EventJson.mapper().convertValue(job.payload(), AccessGrantPayload.class);
        if (!grants.canStore()) {
            throw new MigrationFailed("dbp.secrets.key is not configured: the grant's secret cannot be stored", false);
        }
        Instant expiresAt = expiry(job, payload);
        String role = roleName(job.requestId(), payload.grantee());
        String schema = job.targetSchema();
        Set<String> withheld = payload.unmasked() ? Set.of() : piiTables(job.directives());
        List<String> granted = new ArrayList<>();
        try (Connection admin = logins.admin("grant:" + job.requestId())) {
            if (!roleExists(admin, role)) {
                try (Statement ddl = admin.createStatement()) {
                    ddl.execute("CREATE ROLE " + quote(role)
                            + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS"
                            + " CONNECTION LIMIT 5 VALID UNTIL '" + expiresAt + "'");
                }
                String password = SecretBox.newPassword();
                grants.record(
                        UUID.fromString(job.requestId()),
                        job.targetDatabase(),
                        schema,
                        role,
                        payload.grantee(),
                        expiresAt,
                        password);
                admin.unwrap(PGConnection.class).alterUserPassword(role, password.toCharArray(), "scram-sha-256");
            }
            try (Statement ddl = admin.createStatement()) {
                ddl.execute("ALTER ROLE " + quote(role) + " SET default_transaction_read_only = on");
                ddl.execute("ALTER ROLE " + quote(role) + " SET statement_timeout = '60s'");
                ddl.execute("ALTER ROLE " + quote(role) + " SET idle_in_transaction_session_timeout = '60s'");
                ddl.execute("GRANT CONNECT ON DATABASE " + quote(currentDatabase(admin)) + " TO " + quote(role));
                ddl.execute("GRANT USAGE ON SCHEMA " + quote(schema) + " TO " + quote(role));
                for (String table : tables(admin, schema)) {
                    if (!withheld.contains(table)) {
                        ddl.execute("GRANT SELECT ON " + quote(schema) + "." + quote(table) + " TO " + quote(role));
                        granted.add(table);
                    }
                }
            }
        }
        Log.infof(
                "access granted requestId=%s role=%s schema=%s expiresAt=%s", job.requestId(), role, schema, expiresAt);
        ObjectNode result = EventJson.mapper().createObjectNode();
        result.put("role", role);
        result.put("schema", job.schemaKey());
        result.put("expiresAt", expiresAt.toString());
        result.set("tables", EventJson.mapper().valueToTree(granted));
        result.set(
                "withheldTables",
                EventJson.mapper().valueToTree(withheld.stream().sorted().toList()));
        return new JobOutcome(
                "read access to " + job.schemaKey() + " for " + payload.grantee() + " until " + expiresAt, result);
    }

    private static Instant expiry(JobRequested job, AccessGrantPayload payload) throws MigrationFailed {
        JsonNode given = job.directives() == null ? null : job.directives().get("expiresAt");
        if (given == null || given.isNull()) {
            return Instant.now().plus(Duration.ofHours(payload.durationHours())).truncatedTo(ChronoUnit.SECONDS);
        }
        try {
            return Instant.parse(given.asText());
        } catch (DateTimeParseException e) {
            throw new MigrationFailed("directive expiresAt '" + given.asText() + "' is not an ISO-8601 instant", false);
        }
    }

    private static Set<String> piiTables(JsonNode directives) {
        Set<String> tables = new HashSet<>();
        if (directives != null && directives.path("masking").isArray()) {
            directives.get("masking").forEach(m -> tables.add(m.path("table").asText()));
        }
        return tables;
    }

    /** {@code grant_<8 hex of the request>_<grantee>}: unique per request, recognisable in pg_stat_activity. */
    static String roleName(String requestId, String grantee) {
        String name = "grant_" + requestId.replace("-", "").substring(0, 8) + "_"
                + grantee.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return name.length() <= 63 ? name : name.substring(0, 63);
    }

    private static String currentDatabase(Connection admin) throws SQLException {
        try (Statement query = admin.createStatement();
                ResultSet rs = query.executeQuery("SELECT current_database()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static boolean roleExists(Connection admin, String role) throws SQLException {
        try (PreparedStatement query = admin.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            query.setString(1, role);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static List<String> tables(Connection admin, String schema) throws SQLException {
        try (PreparedStatement query = admin.prepareStatement(
                "SELECT tablename FROM pg_tables WHERE schemaname = ? AND tablename <> 'flyway_schema_history'"
                        + " ORDER BY tablename")) {
            query.setString(1, schema);
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            return tables;
        }
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
