package com.logicore.dbp.export.masking;

import static com.logicore.dbp.export.masking.MaskingViewGenerator.PRIVATE_SCHEMA;
import static com.logicore.dbp.export.masking.MaskingViewGenerator.maskedSchema;
import static com.logicore.dbp.export.masking.MaskingViewGenerator.quote;

import com.logicore.dbp.export.config.ExportConfig;
import com.logicore.dbp.export.store.Secrets;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The database side of the masking guardrail, run as the admin role on the primary: the two export roles (never
 * superuser), the masking views generated from the PII catalog, and the only grants the export roles ever get —
 * SELECT on the views for masked exports, SELECT on exactly the exported tables (for the job only) for unmasked ones.
 */
@ApplicationScoped
public class ExportRoles {

    private final ExportConfig.Target target;
    private final Secrets secrets;

    public ExportRoles(ExportConfig config, Secrets secrets) {
        this.target = config.target();
        this.secrets = secrets;
    }

    /**
     * (Re)creates the masking view of each table from the catalog's current rules, in one transaction, so the views
     * follow schema changes and catalog changes on every export that touches them.
     */
    public void refreshMaskingViews(String schema, Collection<String> tables, List<MaskingRule> rules)
            throws SQLException {
        try (Connection c = admin()) {
            c.setAutoCommit(false);
            // One refresher at a time across workers: DROP/CREATE of the same view must not interleave.
            execute(c, "SELECT pg_advisory_xact_lock(hashtext('dbp-export-masking'))");
            ensureRoles(c);
            execute(c, "CREATE SCHEMA IF NOT EXISTS " + PRIVATE_SCHEMA);
            execute(c, "REVOKE ALL ON SCHEMA " + PRIVATE_SCHEMA + " FROM PUBLIC");
            execute(c, "CREATE TABLE IF NOT EXISTS " + PRIVATE_SCHEMA + ".salt (salt text NOT NULL)");
            try (var update = c.prepareStatement(
                    "DELETE FROM " + PRIVATE_SCHEMA + ".salt; INSERT INTO " + PRIVATE_SCHEMA + ".salt VALUES (?)")) {
                update.setString(1, secrets.hashSalt());
                update.execute();
            }
            String masked = quote(maskedSchema(schema));
            execute(c, "CREATE SCHEMA IF NOT EXISTS " + masked);
            execute(c, "REVOKE ALL ON SCHEMA " + masked + " FROM PUBLIC");
            execute(c, "GRANT USAGE ON SCHEMA " + masked + " TO " + quote(target.maskedRole()));
            for (String table : tables) {
                var columns = columns(c, schema, table);
                if (columns.isEmpty()) {
                    throw new SQLException("table " + schema + "." + table + " does not exist", "42P01");
                }
                execute(c, "DROP VIEW IF EXISTS " + masked + "." + quote(table));
                execute(c, MaskingViewGenerator.createView(schema, table, columns, rules));
                execute(c, "REVOKE ALL ON " + masked + "." + quote(table) + " FROM PUBLIC");
                execute(c, "GRANT SELECT ON " + masked + "." + quote(table) + " TO " + quote(target.maskedRole()));
            }
            c.commit();
            Log.infof("masking views refreshed schema=%s tables=%s rules=%d", schema, tables, rules.size());
        }
    }

    /** Lets the unmasked role read exactly these tables (an approved unmasked export), until {@link #revokeRaw}. */
    public void grantRaw(String schema, Collection<String> tables) throws SQLException {
        changeRaw(schema, tables, true);
    }

    public void revokeRaw(String schema, Collection<String> tables) throws SQLException {
        changeRaw(schema, tables, false);
    }

    private void changeRaw(String schema, Collection<String> tables, boolean grant) throws SQLException {
        try (Connection c = admin()) {
            c.setAutoCommit(false);
            ensureRoles(c);
            String role = quote(target.unmaskedRole());
            String verb = grant ? "GRANT " : "REVOKE ";
            String to = grant ? " TO " : " FROM ";
            execute(c, verb + "USAGE ON SCHEMA " + quote(schema) + to + role);
            for (String table : tables) {
                execute(c, verb + "SELECT ON " + quote(schema) + "." + quote(table) + to + role);
            }
            c.commit();
        }
    }

    /** Tables of a schema (for a query export that runs unmasked). */
    public List<String> tablesOf(String schema) throws SQLException {
        try (Connection c = admin();
                var q = c.prepareStatement("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid ="
                        + " c.relnamespace WHERE n.nspname = ? AND c.relkind IN ('r', 'p', 'v', 'm') ORDER BY 1")) {
            q.setString(1, schema);
            var rs = q.executeQuery();
            List<String> tables = new ArrayList<>();
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
            return tables;
        }
    }

    /** Roles are cluster-wide and may be created concurrently by another worker: a duplicate is fine. */
    private void ensureRoles(Connection c) throws SQLException {
        for (String role : List.of(target.maskedRole(), target.unmaskedRole())) {
            String password = target.exportPassword()
                    .map(p -> " PASSWORD '" + p.replace("'", "''") + "'")
                    .orElse("");
            execute(
                    c,
                    "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + role
                            + "') THEN CREATE ROLE "
                            + quote(role) + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION"
                            + " NOBYPASSRLS" + password + "; END IF; EXCEPTION WHEN duplicate_object OR"
                            + " unique_violation THEN NULL; END $$");
        }
    }

    private static List<MaskingViewGenerator.Column> columns(Connection c, String schema, String table)
            throws SQLException {
        try (var q = c.prepareStatement("SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a"
                + " JOIN pg_class t ON t.oid = a.attrelid JOIN pg_namespace n ON n.oid = t.relnamespace"
                + " WHERE n.nspname = ? AND t.relname = ? AND t.relkind IN ('r', 'p') AND a.attnum > 0"
                + " AND NOT a.attisdropped ORDER BY a.attnum")) {
            q.setString(1, schema);
            q.setString(2, table);
            var rs = q.executeQuery();
            List<MaskingViewGenerator.Column> columns = new ArrayList<>();
            while (rs.next()) {
                columns.add(new MaskingViewGenerator.Column(rs.getString(1), rs.getString(2)));
            }
            return columns;
        }
    }

    private Connection admin() throws SQLException {
        return DriverManager.getConnection(
                target.primaryJdbcUrl().orElse(target.jdbcUrl()),
                target.adminUser(),
                target.adminPassword().orElse(null));
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (var s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
