package com.logicore.dbp.migration.messaging;

import static com.logicore.dbp.migration.support.WorkerHarness.migration;
import static com.logicore.dbp.migration.support.WorkerHarness.schemaChange;
import static org.assertj.core.api.Assertions.assertThat;

import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.migration.secrets.SecretBox;
import com.logicore.dbp.migration.support.WorkerHarness;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A new team gets its schema, its own safe login role and secret, and can change the schema right away. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProvisionJobsIT {

    private final String suffix =
            Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
    private final String team = "billing" + suffix;
    private final String role = "team_billing" + suffix;
    private final String schema = "billing_" + suffix;
    private WorkerHarness worker;

    @BeforeAll
    void connect() {
        worker = new WorkerHarness();
    }

    @AfterAll
    void dropTheRole() throws Exception {
        // roles are cluster-wide and outlive this run's databases
        try (var c = worker.superuser()) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            c.createStatement().execute("DROP OWNED BY " + role);
            c.createStatement().execute("DROP ROLE IF EXISTS " + role);
        } finally {
            worker.close();
        }
    }

    @Test
    void provisionsASchemaItsTeamCanChangeWithoutTheSecretEverLeavingTheWorker() throws Exception {
        var provision = worker.send(WorkerHarness.job(
                RequestType.PROVISION_SCHEMA, "dba", schema, Map.of("schema", schema, "owningTeam", team), Map.of()));

        var succeeded = worker.succeeded(provision);
        assertThat(succeeded.result().get("schema").asText()).isEqualTo(schema);
        assertThat(succeeded.result().get("owningTeam").asText()).isEqualTo(team);
        assertThat(succeeded.result().get("role").asText()).isEqualTo(role);
        assertThat(worker.scalar("SELECT rolcanlogin AND NOT rolsuper AND NOT rolcreaterole AND NOT rolcreatedb"
                        + " AND NOT pg_has_role(oid, 'pg_read_server_files', 'MEMBER')"
                        + " AND NOT pg_has_role(oid, 'pg_write_server_files', 'MEMBER')"
                        + " AND NOT pg_has_role(oid, 'pg_execute_server_program', 'MEMBER')"
                        + " FROM pg_roles WHERE rolname = '" + role + "'"))
                .isEqualTo("t");
        assertThat(worker.scalar("SELECT pg_get_userbyid(nspowner) || ' ' || coalesce(nspacl::text, '')"
                        + " FROM pg_namespace WHERE nspname = '" + schema + "'"))
                .startsWith(role)
                .doesNotContain("=U/"); // nothing granted to PUBLIC
        assertThat(worker.history(schema)).containsExactly("0:BASELINE:true");
        assertThat(worker.scalar("SELECT rolpassword FROM pg_authid WHERE rolname = '" + role + "'"))
                .startsWith("SCRAM-SHA-256$");

        String password = storedPassword();
        assertThat(password).hasSize(43);
        for (var type : List.of(EventType.JOB_STARTED, EventType.JOB_PROGRESS, EventType.JOB_SUCCEEDED)) {
            for (var record : worker.events(provision, type)) {
                assertThat(new String(record.value(), StandardCharsets.UTF_8)).doesNotContain(password);
            }
        }

        // the new team changes its schema at once, as its own role
        var change = worker.send(schemaChange(
                team,
                schema,
                List.of(migration(
                        "1",
                        "invoices",
                        "CREATE TABLE invoices (id bigint PRIMARY KEY, total_cents bigint NOT NULL);"))));
        assertThat(worker.succeeded(change).result().get("appliedVersions").toString())
                .isEqualTo("[\"1\"]");
        assertThat(worker.scalar("SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = '" + schema
                        + ".invoices'::regclass"))
                .isEqualTo(role);

        // provisioning again (a replay) changes nothing
        worker.replay(provision);
        assertThat(worker.events(provision, EventType.JOB_STARTED)).hasSize(1);
        assertThat(storedPassword()).isEqualTo(password);
    }

    private String storedPassword() throws Exception {
        var config = ConfigProvider.getConfig();
        try (var c = DriverManager.getConnection(
                config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                "")) {
            var rs = c.createStatement()
                    .executeQuery("SELECT nonce, ciphertext FROM team_credential WHERE role_name = '" + role + "'");
            assertThat(rs.next()).as("a stored credential for %s", role).isTrue();
            var box = new SecretBox(config.getValue("dbp.secrets.key", String.class));
            return box.open(new SecretBox.Sealed(rs.getBytes(1), rs.getBytes(2)), "logicore/" + role);
        }
    }
}
