package com.logicore.dbp.export.service;

import static com.logicore.dbp.export.masking.MaskingViewGenerator.quote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.payload.JobRequested;
import com.logicore.dbp.events.request.Limits;
import com.logicore.dbp.export.backup.PgTools;
import com.logicore.dbp.export.config.ExportConfig;
import com.logicore.dbp.export.exporting.CopyExporter;
import com.logicore.dbp.export.store.ExportStore;
import com.logicore.dbp.jobs.JobFailure;
import com.logicore.dbp.jobs.JobOutcome;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;

/**
 * BACKUP of a team schema with pg_dump (custom format) into the store with a SHA-256 manifest, and RESTORE of such a
 * backup into a new schema — never over an existing one. The rename happens in a scratch database (restore there,
 * rename, dump again), so the live schema is not touched at any point.
 */
@ApplicationScoped
public class BackupJob {

    private final ExportConfig config;
    private final ExportStore store;
    private final PgTools tools;

    public BackupJob(ExportConfig config, ExportStore store) {
        this.config = config;
        this.store = store;
        this.tools = PgTools.locate(config.target().pgBinDir());
    }

    public JobOutcome backup(JobRequested job) throws Exception {
        String id = job.requestId();
        String schema = job.targetSchema();
        store.discardPartials(id);
        Path temp = store.partial(id, "backup");
        long started = System.currentTimeMillis();
        try {
            tools.dumpSchema(admin(), schema, temp);
        } catch (IOException e) {
            throw new JobFailure(e.getMessage(), true, e);
        }
        String sha256 = CopyExporter.sha256(temp);
        long bytes = Files.size(temp);
        String name = backupName(id);
        Path backups = store.area("backups");
        ExportStore.publish(temp, backups.resolve(name));

        ObjectNode manifest = EventJson.mapper().createObjectNode();
        manifest.put("requestId", id);
        manifest.put("team", job.team());
        manifest.put("source", job.targetDatabase() + "/" + schema);
        manifest.put("schema", schema);
        manifest.put("format", "pg_dump custom");
        manifest.put("tool", tools.version());
        manifest.put("file", name);
        manifest.put("bytes", bytes);
        manifest.put("sha256", sha256);
        manifest.put("createdAt", Instant.now().toString());
        Path manifestTemp = store.partial(id, "backup-manifest");
        Files.write(
                manifestTemp,
                EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
        ExportStore.publish(manifestTemp, backups.resolve(name + ".manifest.json"));

        ObjectNode result = EventJson.mapper().createObjectNode();
        result.put("file", name);
        result.set("manifest", manifest);
        return new JobOutcome(
                String.format(
                        "backup of %s: %,d bytes (pg_dump custom format) in %d ms",
                        schema, bytes, System.currentTimeMillis() - started),
                result);
    }

    public JobOutcome restore(JobRequested job) throws Exception {
        String backupRequestId = job.payload().path("backupRequestId").asText("");
        String into = job.payload().path("intoSchema").asText("");
        if (!into.matches(Limits.IDENTIFIER) || into.startsWith("pg_") || into.endsWith("_masked")) {
            throw new JobFailure("intoSchema is not a name a restore may create: " + into, false);
        }
        Path backups = store.area("backups");
        Path dump = backups.resolve(backupName(backupRequestId));
        Path manifestFile = backups.resolve(backupName(backupRequestId) + ".manifest.json");
        if (!Files.exists(dump) || !Files.exists(manifestFile)) {
            throw new JobFailure("no backup " + backupRequestId + " in the store", false);
        }
        JsonNode manifest = EventJson.mapper().readTree(manifestFile.toFile());
        if (!job.team().equals(manifest.path("team").asText())) {
            throw new JobFailure("backup " + backupRequestId + " belongs to another team", false);
        }
        if (!manifest.path("sha256").asText().equals(CopyExporter.sha256(dump))) {
            throw new JobFailure("backup " + backupRequestId + " does not match its manifest checksum", false);
        }
        String marker = "restored by dbp request " + job.requestId();
        String existing = schemaComment(into);
        if (existing != null) {
            if (existing.equals(marker)) {
                // Our own earlier attempt finished the restore before the worker stopped: nothing more to do.
                return restored(job, into, manifest, 0);
            }
            throw new JobFailure("schema " + into + " already exists; a restore only creates a new schema", false);
        }
        long started = System.currentTimeMillis();
        String scratch = "dbp_restore_" + job.requestId().replace("-", "").substring(0, 16);
        store.discardPartials(job.requestId());
        Path renamed = store.partial(job.requestId(), "renamed");
        try {
            adminSql(null, "DROP DATABASE IF EXISTS " + quote(scratch));
            adminSql(null, "CREATE DATABASE " + quote(scratch));
            tools.restore(admin().withDatabase(scratch), dump);
            adminSql(scratch, "ALTER SCHEMA " + quote(manifest.path("schema").asText()) + " RENAME TO " + quote(into));
            tools.dumpSchema(admin().withDatabase(scratch), into, renamed);
            tools.restore(admin(), renamed);
        } catch (IOException e) {
            throw new JobFailure(e.getMessage(), false, e);
        } finally {
            adminSql(null, "DROP DATABASE IF EXISTS " + quote(scratch));
            Files.deleteIfExists(renamed);
        }
        handToTeam(into, config.target().teamRolePrefix() + job.team(), marker);
        Log.infof("restore done requestId=%s schema=%s", job.requestId(), into);
        return restored(job, into, manifest, System.currentTimeMillis() - started);
    }

    private JobOutcome restored(JobRequested job, String into, JsonNode manifest, long millis) {
        ObjectNode result = EventJson.mapper().createObjectNode();
        result.put("schema", into);
        result.put("database", job.targetDatabase());
        result.put("fromBackup", manifest.path("requestId").asText());
        result.put("sha256", manifest.path("sha256").asText());
        return new JobOutcome(
                "restored backup of " + manifest.path("schema").asText() + " into new schema " + into + " in " + millis
                        + " ms",
                result);
    }

    /** The team's role owns the restored schema and everything in it, as it owns its live schema. */
    private void handToTeam(String schema, String role, String marker) throws SQLException {
        try (Connection c = adminConnection(null)) {
            c.setAutoCommit(false);
            try (var s = c.createStatement()) {
                var exists = s.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + role.replace("'", "''") + "'");
                if (exists.next()) {
                    s.execute("ALTER SCHEMA " + quote(schema) + " OWNER TO " + quote(role));
                    var relations = c.createStatement()
                            .executeQuery("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid ="
                                    + " c.relnamespace WHERE n.nspname = '" + schema + "' AND c.relkind IN ('r', 'p',"
                                    + " 'v', 'm', 'S') AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid"
                                    + " AND d.deptype IN ('a', 'i'))");
                    while (relations.next()) {
                        s.execute("ALTER TABLE " + quote(schema) + "." + quote(relations.getString(1)) + " OWNER TO "
                                + quote(role));
                    }
                }
                s.execute("COMMENT ON SCHEMA " + quote(schema) + " IS '" + marker + "'");
            }
            c.commit();
        }
    }

    private String schemaComment(String schema) throws SQLException {
        try (Connection c = adminConnection(null);
                var q = c.prepareStatement(
                        "SELECT coalesce(obj_description(oid, 'pg_namespace'), '') FROM pg_namespace WHERE nspname = ?")) {
            q.setString(1, schema);
            var rs = q.executeQuery();
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private void adminSql(String database, String sql) throws SQLException {
        try (Connection c = adminConnection(database);
                var s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private Connection adminConnection(String database) throws SQLException {
        var target = config.target();
        PgTools.Target t = admin();
        String url = database == null
                ? target.primaryJdbcUrl().orElse(target.jdbcUrl())
                : "jdbc:postgresql://" + t.host() + ":" + t.port() + "/" + database;
        return DriverManager.getConnection(
                url, target.adminUser(), target.adminPassword().orElse(null));
    }

    private PgTools.Target admin() {
        var target = config.target();
        return PgTools.Target.of(
                target.primaryJdbcUrl().orElse(target.jdbcUrl()),
                target.adminUser(),
                target.adminPassword().orElse(null));
    }

    private String backupName(String requestId) {
        return store.secretName(requestId, "backup") + ".dump";
    }
}
