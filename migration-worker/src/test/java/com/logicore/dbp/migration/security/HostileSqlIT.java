package com.logicore.dbp.migration.security;

import static com.logicore.dbp.migration.support.WorkerHarness.migration;
import static com.logicore.dbp.migration.support.WorkerHarness.schemaChange;
import static org.assertj.core.api.Assertions.assertThat;

import com.logicore.dbp.migration.support.WorkerHarness;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Policy is bypassed on purpose: hostile SQL goes straight to the worker as an approved SCHEMA_CHANGE of team routing.
 * PostgreSQL itself refuses every statement (insufficient privilege, SQLSTATE 42501) because the session's login role
 * is team_routing, and nothing changes.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileSqlIT {

    private WorkerHarness worker;

    @BeforeAll
    void connect() {
        worker = new WorkerHarness();
    }

    @AfterAll
    void close() {
        worker.close();
    }

    @Test
    void theTeamRoleIsAnOrdinaryLoginWithNoWayOutOfItsSchemas() throws Exception {
        for (String team : List.of("routing", "fleet", "deliveries", "analytics")) {
            assertThat(worker.scalar("SELECT rolcanlogin AND NOT rolsuper AND NOT rolcreaterole AND NOT rolcreatedb"
                            + " AND NOT rolreplication AND NOT rolbypassrls"
                            + " AND NOT pg_has_role(oid, 'pg_read_server_files', 'MEMBER')"
                            + " AND NOT pg_has_role(oid, 'pg_write_server_files', 'MEMBER')"
                            + " AND NOT pg_has_role(oid, 'pg_execute_server_program', 'MEMBER')"
                            + " AND NOT has_database_privilege(oid, current_database(), 'CREATE')"
                            + " FROM pg_roles WHERE rolname = 'team_" + team + "'"))
                    .as("team_%s", team)
                    .isEqualTo("t");
        }
    }

    @Test
    void hostileStatementsAreRefusedByPostgresAndChangeNothing() throws Exception {
        Path marker = Path.of("/tmp", "dbp-hostile-" + UUID.randomUUID());
        String before = stateOfTheWorld();

        Map<String, String> hostile = new LinkedHashMap<>();
        hostile.put("copy to program", "COPY (SELECT 1) TO PROGRAM 'touch " + marker + "';");
        hostile.put("alter system", "ALTER SYSTEM SET log_statement = 'none';");
        hostile.put(
                "reset role, set role to another team", "RESET ROLE;\nSET ROLE team_fleet;\nDROP TABLE fleet.drivers;");
        hostile.put("session authorization", "SET SESSION AUTHORIZATION postgres;\nDROP TABLE fleet.drivers;");
        hostile.put("create extension", "CREATE EXTENSION IF NOT EXISTS pgcrypto;");
        hostile.put("change another team's table", "ALTER TABLE fleet.vehicles ADD COLUMN routed_by text;");
        hostile.put("write another team's rows", "UPDATE fleet.vehicles SET active = false;");
        hostile.put("read a server file", "CREATE TABLE loot AS SELECT pg_read_file('/etc/passwd') AS content;");

        List<String> errors = new ArrayList<>();
        List<String> schemas = new ArrayList<>();
        for (var attempt : hostile.entrySet()) {
            // a schema each: ALTER SYSTEM cannot run in a transaction, so its failure stays in that schema's history
            String schema = worker.freshSchemaOf("routing");
            schemas.add(schema);
            var job = worker.send(
                    schemaChange("routing", schema, List.of(migration("1", attempt.getKey(), attempt.getValue()))));
            var failed = worker.failed(job);
            errors.add(attempt.getKey() + " -> " + failed.error());
            assertThat(failed.error()).as(attempt.getKey()).contains("SQLSTATE 42501");
            assertThat(failed.retryable()).as(attempt.getKey()).isFalse();
        }

        assertThat(errors)
                .anySatisfy(e -> assertThat(e).contains("pg_execute_server_program"))
                .anySatisfy(e -> assertThat(e).contains("permission denied to set parameter \"log_statement\""))
                .anySatisfy(e -> assertThat(e).contains("permission denied to set role \"team_fleet\""))
                .anySatisfy(e -> assertThat(e).contains("permission denied to create extension"))
                .anySatisfy(e -> assertThat(e).contains("permission denied for schema fleet"))
                .anySatisfy(e -> assertThat(e).contains("permission denied for function pg_read_file"));
        assertThat(Files.exists(marker)).isFalse();
        assertThat(stateOfTheWorld()).isEqualTo(before);
        for (String schema : schemas) {
            assertThat(worker.history(schema)).doesNotContain("1:SQL:true");
            assertThat(worker.scalar("SELECT count(*) FROM pg_class WHERE relnamespace = '" + schema
                            + "'::regnamespace AND relname NOT LIKE 'parcels%' AND relname NOT LIKE 'flyway%'"))
                    .as("nothing created in %s", schema)
                    .isEqualTo("0");
        }
    }

    /** What the hostile statements were after: other teams' data, extensions, server settings. */
    private String stateOfTheWorld() throws Exception {
        return worker.scalar(
                """
                SELECT concat_ws(' | ',
                  (SELECT count(*) FROM fleet.drivers),
                  (SELECT count(*) FROM fleet.vehicles WHERE active),
                  (SELECT string_agg(column_name, ',' ORDER BY column_name) FROM information_schema.columns
                    WHERE table_schema = 'fleet' AND table_name = 'vehicles'),
                  (SELECT string_agg(extname, ',' ORDER BY extname) FROM pg_extension),
                  (SELECT count(*) FROM pg_file_settings WHERE sourcefile LIKE '%postgresql.auto.conf'))""");
    }
}
