package com.logicore.dbp.export.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.export.support.ExportJobs;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.DriverManager;
import java.util.HexFormat;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** BACKUP with pg_dump into the store and RESTORE into a new schema only, on the real target database. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackupRestoreIT {

    private ExportJobs jobs;
    private String targetUrl;
    private Path store;

    @BeforeAll
    void connect() {
        jobs = new ExportJobs();
        targetUrl = ConfigProvider.getConfig().getValue("dbp.target.jdbc-url", String.class);
        store = Path.of(ConfigProvider.getConfig().getValue("dbp.export.store", String.class));
    }

    @AfterAll
    void close() {
        jobs.close();
    }

    @Test
    void aBackupRestoresIntoANewSchemaOwnedByTheTeamButNeverOverALiveOne() throws Exception {
        var backup =
                ExportJobs.job(RequestType.BACKUP, "fleet", "fleet", Map.of("note", "before the big change"), Map.of());
        jobs.send(backup);
        var result = jobs.succeeded(backup).result();
        Path dump = store.resolve("backups").resolve(result.get("file").asText());
        assertThat(result.get("manifest").get("sha256").asText()).isEqualTo(sha256(dump));
        assertThat(Files.readAllBytes(dump)).startsWith("PGDMP".getBytes());

        var restore = ExportJobs.job(
                RequestType.RESTORE,
                "fleet",
                "fleet",
                Map.of("backupRequestId", backup.requestId(), "intoSchema", "fleet_restored"),
                Map.of());
        jobs.send(restore);
        assertThat(jobs.succeeded(restore).result().get("schema").asText()).isEqualTo("fleet_restored");
        assertThat(query("SELECT count(*) FROM fleet_restored.drivers"))
                .isEqualTo(query("SELECT count(*) FROM fleet.drivers"));
        assertThat(query("SELECT count(*) FROM fleet_restored.vehicles")).isEqualTo("200");
        assertThat(
                        query(
                                "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = 'fleet_restored.drivers'::regclass"))
                .isEqualTo("team_fleet");

        var overLive = ExportJobs.job(
                RequestType.RESTORE,
                "fleet",
                "fleet",
                Map.of("backupRequestId", backup.requestId(), "intoSchema", "fleet"),
                Map.of());
        jobs.send(overLive);
        assertThat(jobs.failed(overLive).error()).contains("already exists");

        var otherTeam = ExportJobs.job(
                RequestType.RESTORE,
                "routing",
                "routing",
                Map.of("backupRequestId", backup.requestId(), "intoSchema", "fleet_copy"),
                Map.of());
        jobs.send(otherTeam);
        assertThat(jobs.failed(otherTeam).error()).contains("another team");
        assertThat(query("SELECT count(*) FROM pg_namespace WHERE nspname = 'fleet_copy'"))
                .isEqualTo("0");
    }

    private String query(String sql) throws Exception {
        try (var c = DriverManager.getConnection(targetUrl, "postgres", "")) {
            var rs = c.createStatement().executeQuery(sql);
            rs.next();
            return rs.getString(1);
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
