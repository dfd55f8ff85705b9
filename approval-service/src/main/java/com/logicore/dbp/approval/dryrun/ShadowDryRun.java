package com.logicore.dbp.approval.dryrun;

import com.logicore.dbp.approval.dryrun.DryRunReport.StatementObservation;
import com.logicore.dbp.approval.lint.SqlScriptSplitter;
import com.logicore.dbp.approval.lint.SqlStatement;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs a migration against a throwaway shadow copy of the team's schema (structure only, empty tables) as the team's
 * own role, in one transaction that is always rolled back, and records what PostgreSQL really did: errors, the lock
 * mode each statement took on which relation ({@code pg_locks} of its own backend), and which tables were rewritten
 * (relfilenode changed). References to the team's schema are pointed at the shadow copy, so production tables are
 * never locked by a dry run.
 */
@ApplicationScoped
public class ShadowDryRun {

    private final DryRunConfig config;

    public ShadowDryRun(DryRunConfig config) {
        this.config = config;
    }

    /** @param migrations the SQL of each migration, in order */
    public DryRunReport run(String team, String schema, List<String> migrations) {
        if (!config.dryRunEnabled()) {
            return DryRunReport.skipped("dry run disabled by configuration");
        }
        String shadow =
                "dbp_shadow_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        try (Connection admin = DriverManager.getConnection(
                config.jdbcUrl(), config.adminUser(), config.adminPassword().orElse(""))) {
            String role = config.teamRolePrefix() + team;
            try (Statement create = admin.createStatement()) {
                create.execute("CREATE SCHEMA " + quote(shadow) + " AUTHORIZATION " + quote(role));
            }
            try {
                return runAsTeam(role, schema, shadow, migrations);
            } finally {
                try (Statement drop = admin.createStatement()) {
                    drop.execute("DROP SCHEMA IF EXISTS " + quote(shadow) + " CASCADE");
                }
            }
        } catch (SQLException e) {
            Log.warnf("dry run not possible: %s", e.getMessage());
            return DryRunReport.skipped("the dry run could not be prepared: " + e.getMessage());
        }
    }

    private DryRunReport runAsTeam(String role, String schema, String shadow, List<String> migrations)
            throws SQLException {
        List<StatementObservation> observations = new ArrayList<>();
        try (Connection team = DriverManager.getConnection(
                config.jdbcUrl(), role, config.teamPassword().orElse(""))) {
            team.setAutoCommit(false);
            try (Statement setup = team.createStatement()) {
                // The empty copy is committed (it lives in the shadow schema, dropped afterwards), so the migration's
                // transaction starts holding no lock and every lock it shows was taken by the migration.
                copyStructure(team, schema, shadow);
                team.commit();
                setup.execute("SET LOCAL statement_timeout = "
                        + config.dryRunStatementTimeout().toMillis());
                setup.execute("SET LOCAL lock_timeout = 2000");
                setup.execute("SET LOCAL search_path = " + quote(shadow));
                Set<String> heldBefore = locks(team, shadow, schema);
                outer:
                for (int m = 0; m < migrations.size(); m++) {
                    List<SqlStatement> statements;
                    try {
                        statements = SqlScriptSplitter.split(migrations.get(m));
                    } catch (SqlScriptSplitter.UnreadableScript e) {
                        observations.add(
                                new StatementObservation(m, 0, "", List.of(), List.of(), e.getMessage(), null));
                        break;
                    }
                    for (SqlStatement statement : statements) {
                        if (statement.has("CONCURRENTLY")
                                || statement.startsWith("BEGIN")
                                || statement.startsWith("COMMIT")
                                || statement.startsWith("START", "TRANSACTION")
                                || statement.startsWith("ROLLBACK")) {
                            observations.add(new StatementObservation(
                                    m,
                                    statement.number(),
                                    statement.excerpt(),
                                    List.of(),
                                    List.of(),
                                    null,
                                    "transaction control and CONCURRENTLY cannot run inside the dry run"));
                            continue;
                        }
                        Map<String, Long> filenodes = filenodes(team, shadow);
                        setup.execute("SAVEPOINT dry_statement");
                        try {
                            setup.execute(statement.withSchema(schema, shadow));
                        } catch (SQLException e) {
                            setup.execute("ROLLBACK TO SAVEPOINT dry_statement");
                            observations.add(new StatementObservation(
                                    m,
                                    statement.number(),
                                    statement.excerpt(),
                                    List.of(),
                                    List.of(),
                                    e.getMessage(),
                                    null));
                            break outer;
                        }
                        setup.execute("RELEASE SAVEPOINT dry_statement");
                        Set<String> held = locks(team, shadow, schema);
                        List<String> taken = held.stream()
                                .filter(l -> !heldBefore.contains(l))
                                .toList();
                        heldBefore.addAll(taken);
                        Map<String, Long> after = filenodes(team, shadow);
                        List<String> rewritten = filenodes.entrySet().stream()
                                .filter(e -> after.containsKey(e.getKey())
                                        && !after.get(e.getKey()).equals(e.getValue()))
                                .map(e -> schema + "." + e.getKey())
                                .toList();
                        observations.add(new StatementObservation(
                                m, statement.number(), statement.excerpt(), taken, rewritten, null, null));
                    }
                }
            } finally {
                team.rollback();
            }
        }
        return new DryRunReport(observations, null);
    }

    /** Empty copies of the team's tables (columns, defaults, constraints, indexes) in the shadow schema. */
    private static void copyStructure(Connection team, String schema, String shadow) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement list =
                team.prepareStatement("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = ? AND c.relkind IN ('r', 'p') ORDER BY c.relname")) {
            list.setString(1, schema);
            try (ResultSet rs = list.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
        }
        try (Statement copy = team.createStatement()) {
            for (String table : tables) {
                copy.execute("CREATE TABLE " + quote(shadow) + "." + quote(table) + " (LIKE " + quote(schema) + "."
                        + quote(table) + " INCLUDING ALL)");
            }
        }
    }

    /** Relation locks this backend holds in the shadow schema, named as in the team's schema. */
    private static Set<String> locks(Connection team, String shadow, String schema) throws SQLException {
        Set<String> held = new LinkedHashSet<>();
        try (PreparedStatement query = team.prepareStatement(
                """
                SELECT c.relname, c.relkind, l.mode FROM pg_locks l
                  JOIN pg_class c ON c.oid = l.relation
                  JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND n.nspname = ? AND l.granted
                 ORDER BY c.relname, l.mode""")) {
            query.setString(1, shadow);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    String mode = rs.getString(3)
                            .replace("Lock", "")
                            .replaceAll("([a-z])([A-Z])", "$1 $2")
                            .toUpperCase();
                    String kind = "i".equals(rs.getString(2)) ? "index " : "";
                    held.add(mode + " on " + kind + schema + "." + rs.getString(1));
                }
            }
        }
        return held;
    }

    private static Map<String, Long> filenodes(Connection team, String shadow) throws SQLException {
        Map<String, Long> nodes = new HashMap<>();
        try (PreparedStatement query = team.prepareStatement(
                "SELECT c.relname, pg_relation_filenode(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = ? AND c.relkind = 'r'")) {
            query.setString(1, shadow);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    nodes.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return nodes;
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
