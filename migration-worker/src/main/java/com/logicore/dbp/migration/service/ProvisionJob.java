package com.logicore.dbp.migration.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.payload.JobRequested;
import com.logicore.dbp.events.request.ProvisionSchemaPayload;
import com.logicore.dbp.jobs.JobOutcome;
import com.logicore.dbp.migration.persistence.TeamCredentials;
import com.logicore.dbp.migration.schema.MigrationFailed;
import com.logicore.dbp.migration.schema.SchemaMigrator;
import com.logicore.dbp.migration.schema.TeamLogin;
import com.logicore.dbp.migration.secrets.SecretBox;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;

/**
 * PROVISION_SCHEMA: the team's login role (an ordinary login: no superuser, CREATEROLE, CREATEDB, replication or RLS
 * bypass, in no server-file or server-program role), a generated secret stored encrypted and set as a SCRAM verifier
 * computed on this side (the server never sees it in clear, so no server log can show it), the schema owned by that
 * role with nothing granted to PUBLIC, and the Flyway baseline written as the role itself. Safe to run again.
 */
@ApplicationScoped
public class ProvisionJob implements JobExecution {

    private final TeamLogins logins;
    private final TeamCredentials credentials;

    public ProvisionJob(TeamLogins logins, TeamCredentials credentials) {
        this.logins = logins;
        this.credentials = credentials;
    }

    @Override
    public JobOutcome execute(JobRequested job) throws Exception {
        var payload = EventJson.mapper().convertValue(job.payload(), ProvisionSchemaPayload.class);
        String schema = payload.schema();
        String role = logins.roleOf(payload.owningTeam());
        if (!credentials.canStore()) {
            throw new MigrationFailed("dbp.secrets.key is not configured: no role secret can be stored safely", false);
        }
        try (Connection admin = logins.admin("provision:" + job.requestId())) {
            ensureRole(admin, job.targetDatabase(), role);
            refuseUnsafeRole(admin, role);
            ensureSchema(admin, schema, role);
        }
        baseline(logins.forTeam(payload.owningTeam(), job.targetDatabase(), job.requestId()), schema, job.requestId());
        Log.infof("provisioned requestId=%s schema=%s role=%s", job.requestId(), schema, role);
        ObjectNode result = EventJson.mapper()
                .valueToTree(Map.of(
                        "database",
                        job.targetDatabase(),
                        "schema",
                        schema,
                        "owningTeam",
                        payload.owningTeam(),
                        "role",
                        role));
        return new JobOutcome(
                "schema " + schema + " provisioned for team " + payload.owningTeam() + " (role " + role + ")", result);
    }

    /** Creates the role with a fresh secret; an existing role keeps its secret (other schemas may use it). */
    private void ensureRole(Connection admin, String database, String role) throws SQLException {
        if (exists(admin, "SELECT 1 FROM pg_roles WHERE rolname = ?", role)) {
            return;
        }
        try (Statement create = admin.createStatement()) {
            create.execute("CREATE ROLE " + quote(role)
                    + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS");
        }
        String password = SecretBox.newPassword();
        // stored before it is set: a crash in between leaves a stored secret that the next attempt replaces
        credentials.store(database, role, password);
        admin.unwrap(PGConnection.class).alterUserPassword(role, password.toCharArray(), "scram-sha-256");
    }

    private static void refuseUnsafeRole(Connection admin, String role) throws SQLException, MigrationFailed {
        if (!exists(
                admin,
                """
                SELECT 1 FROM pg_roles r WHERE r.rolname = ? AND r.rolcanlogin AND NOT r.rolsuper
                   AND NOT r.rolcreaterole AND NOT r.rolcreatedb AND NOT r.rolreplication AND NOT r.rolbypassrls
                   AND NOT pg_has_role(r.oid, 'pg_read_server_files', 'MEMBER')
                   AND NOT pg_has_role(r.oid, 'pg_write_server_files', 'MEMBER')
                   AND NOT pg_has_role(r.oid, 'pg_execute_server_program', 'MEMBER')""",
                role)) {
            throw new MigrationFailed(
                    "role " + role + " exists with privileges a team role must not have; a DBA has to fix it", false);
        }
    }

    private static void ensureSchema(Connection admin, String schema, String role)
            throws SQLException, MigrationFailed {
        try (PreparedStatement owner =
                admin.prepareStatement("SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = ?")) {
            owner.setString(1, schema);
            try (ResultSet rs = owner.executeQuery()) {
                if (rs.next() && !role.equals(rs.getString(1))) {
                    throw new MigrationFailed(
                            "schema " + schema + " already exists and belongs to " + rs.getString(1), false);
                }
            }
        }
        try (Statement ddl = admin.createStatement()) {
            ddl.execute("CREATE SCHEMA IF NOT EXISTS " + quote(schema) + " AUTHORIZATION " + quote(role));
            ddl.execute("REVOKE ALL ON SCHEMA " + quote(schema) + " FROM PUBLIC");
            // functions the team creates are not executable by everyone by default
            ddl.execute(
                    "ALTER DEFAULT PRIVILEGES FOR ROLE " + quote(role) + " REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC");
        }
    }

    /** The schema's Flyway history starts at version 0, written by the team's own role. */
    private static void baseline(TeamLogin login, String schema, String requestId) throws SQLException {
        try (Connection connection = login.open();
                PreparedStatement query = connection.prepareStatement("SELECT to_regclass(?)")) {
            query.setString(1, quote(schema) + "." + SchemaMigrator.HISTORY_TABLE);
            try (ResultSet rs = query.executeQuery()) {
                if (rs.next() && rs.getString(1) != null) {
                    return;
                }
            }
        }
        Flyway.configure()
                .configuration(Map.of("flyway.postgresql.transactional.lock", "false"))
                .dataSource(login.urlWithApplicationName(), login.role(), login.password())
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(false)
                .table(SchemaMigrator.HISTORY_TABLE)
                .baselineVersion("0")
                .baselineDescription("provisioned by request " + requestId)
                .load()
                .baseline();
    }

    private static boolean exists(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
