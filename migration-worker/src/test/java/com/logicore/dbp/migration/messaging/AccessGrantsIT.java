package com.logicore.dbp.migration.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import com.logicore.dbp.events.EventEnvelope;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.events.payload.GrantRevokeRequested;
import com.logicore.dbp.events.payload.RequestExpired;
import com.logicore.dbp.migration.secrets.SecretBox;
import com.logicore.dbp.migration.support.WorkerHarness;
import com.logicore.dbp.testkit.kafka.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A read-only grant works until it expires, or until its requester revokes it early; then its role and sessions are
 * gone and the request expires.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessGrantsIT {

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
    void aGrantReadsUnmaskedTablesReadOnlyUntilItExpires() throws Exception {
        String schema = worker.freshSchemaOf("routing");
        try (var c = worker.superuser()) {
            c.createStatement()
                    .execute("CREATE TABLE " + schema + ".customers (id bigint, email text);" + "ALTER TABLE " + schema
                            + ".customers OWNER TO team_routing");
        }
        Instant expiresAt = Instant.now().plusSeconds(3600);
        var job = worker.send(WorkerHarness.job(
                RequestType.ACCESS_GRANT,
                "routing",
                schema,
                Map.of(
                        "grantee", "dave.analyst",
                        "granteeKind", "PERSON",
                        "durationHours", 1,
                        "reason", "route punctuality study",
                        "unmasked", false),
                Map.of(
                        "expiresAt", expiresAt.toString(),
                        "masking", List.of(Map.of("table", "customers", "column", "email", "method", "hash")))));

        var result = worker.succeeded(job).result();
        String role = result.get("role").asText();
        assertThat(result.get("tables").toString()).isEqualTo("[\"parcels\"]");
        assertThat(result.get("withheldTables").toString()).isEqualTo("[\"customers\"]");
        String password = storedPassword(job.requestId(), role);
        for (var record : worker.events(job, EventType.JOB_SUCCEEDED)) {
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).doesNotContain(password);
        }

        // request-api fetches the credentials for the requester with its service token; nobody else gets them
        given().when().get("/internal/v1/grants/" + job.requestId()).then().statusCode(401);
        given().header("Authorization", "Bearer wrong")
                .when()
                .get("/internal/v1/grants/" + job.requestId())
                .then()
                .statusCode(401);
        given().header("Authorization", "Bearer test-grants-token")
                .when()
                .get("/internal/v1/grants/" + UUID.randomUUID())
                .then()
                .statusCode(404);
        given().header("Authorization", "Bearer test-grants-token")
                .when()
                .get("/internal/v1/grants/" + job.requestId())
                .then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .body("user", equalTo(role))
                .body("password", equalTo(password))
                .body("schema", equalTo(schema));

        String url = ConfigProvider.getConfig().getValue("dbp.target.jdbc-url", String.class);
        var session = DriverManager.getConnection(url, role, password);
        assertThat(scalar(session, "SELECT count(*) FROM " + schema + ".parcels"))
                .isEqualTo("500");
        assertThat(scalar(session, "SHOW default_transaction_read_only")).isEqualTo("on");
        assertThatThrownBy(() -> scalar(session, "SELECT email FROM " + schema + ".customers"))
                .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> session.createStatement().execute("DELETE FROM " + schema + ".parcels"))
                .hasMessageContaining("read-only transaction");

        assertThat(worker.scalar("SELECT rolvaliduntil > now() + interval '50 minutes' FROM pg_roles WHERE rolname = '"
                        + role + "'"))
                .isEqualTo("t");

        // an hour passes (the grant's expiry is moved to now): the revoker ends the session, drops the role and
        // announces the expiry
        workerDatabase("UPDATE access_grant SET expires_at = now() WHERE request_id = '" + job.requestId() + "'");
        kafkaExpiry(job.requestId());
        assertThatThrownBy(() -> scalar(session, "SELECT 1")).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> DriverManager.getConnection(url, role, password))
                .hasMessageContaining(role);
        assertThat(worker.scalar("SELECT count(*) FROM pg_roles WHERE rolname = '" + role + "'"))
                .isEqualTo("0");
    }

    @Test
    void aGrantRevokedEarlyOnRequestEndsItsSessionsAndLoginAtOnce() throws Exception {
        String schema = worker.freshSchemaOf("routing");
        var job = worker.send(WorkerHarness.job(
                RequestType.ACCESS_GRANT,
                "routing",
                schema,
                Map.of(
                        "grantee", "erin.ops",
                        "granteeKind", "PERSON",
                        "durationHours", 8,
                        "reason", "depot incident",
                        "unmasked", false),
                Map.of()));
        String role = worker.succeeded(job).result().get("role").asText();
        String password = storedPassword(job.requestId(), role);
        String url = ConfigProvider.getConfig().getValue("dbp.target.jdbc-url", String.class);
        var session = DriverManager.getConnection(url, role, password);
        assertThat(scalar(session, "SELECT count(*) FROM " + schema + ".parcels"))
                .isEqualTo("500");

        // request-api passes on the requester's revoke, keyed like the schema's jobs
        var revoke = EventEnvelope.create(
                "/dbp/request-api",
                EventType.GRANT_REVOKE_REQUESTED,
                job.requestId(),
                EventJson.write(
                        new GrantRevokeRequested(job.requestId(), "member:alice", "incident closed", Instant.now())));
        worker.kafka().send("dbp.jobs.migration", job.schemaKey(), revoke);

        var expired = EventJson.read(
                worker.kafka()
                        .await(
                                "dbp.decisions",
                                r -> job.requestId().equals(r.key())
                                        && EventType.REQUEST_EXPIRED
                                                .ceType()
                                                .equals(KafkaTestClient.header(r, "ce_type")),
                                WorkerHarness.WAIT)
                        .value(),
                RequestExpired.class);
        assertThat(expired.reason())
                .startsWith("access grant revoked early at the request of member:alice: incident closed");
        assertThatThrownBy(() -> scalar(session, "SELECT 1")).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> DriverManager.getConnection(url, role, password))
                .hasMessageContaining(role);
        assertThat(worker.scalar("SELECT count(*) FROM pg_roles WHERE rolname = '" + role + "'"))
                .isEqualTo("0");
        given().header("Authorization", "Bearer test-grants-token")
                .when()
                .get("/internal/v1/grants/" + job.requestId())
                .then()
                .statusCode(410);

        // a redelivered revoke finds nothing left to do and announces nothing twice
        var where = worker.kafka()
                .locate(
                        "dbp.jobs.migration",
                        job.schemaKey(),
                        EventEnvelope.create(
                                "/dbp/request-api", EventType.GRANT_REVOKE_REQUESTED, job.requestId(), revoke.data()));
        worker.kafka().awaitProcessed("migration-worker", where, WorkerHarness.WAIT);
        assertThat(worker.kafka()
                        .readToEnd(
                                "dbp.decisions",
                                r -> job.requestId().equals(r.key())
                                        && EventType.REQUEST_EXPIRED
                                                .ceType()
                                                .equals(KafkaTestClient.header(r, "ce_type"))))
                .hasSize(1);
    }

    private void kafkaExpiry(String requestId) {
        worker.kafka()
                .await(
                        "dbp.decisions",
                        r -> requestId.equals(r.key())
                                && EventType.REQUEST_EXPIRED.ceType().equals(KafkaTestClient.header(r, "ce_type")),
                        WorkerHarness.WAIT);
    }

    private static String scalar(java.sql.Connection connection, String sql) throws SQLException {
        var rs = connection.createStatement().executeQuery(sql);
        rs.next();
        return rs.getString(1);
    }

    private void workerDatabase(String sql) throws Exception {
        var config = ConfigProvider.getConfig();
        try (var c = DriverManager.getConnection(
                config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                "")) {
            c.createStatement().execute(sql);
        }
    }

    private String storedPassword(String requestId, String role) throws Exception {
        var config = ConfigProvider.getConfig();
        try (var c = DriverManager.getConnection(
                config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                "")) {
            var rs = c.createStatement()
                    .executeQuery("SELECT nonce, ciphertext FROM access_grant WHERE request_id = '" + requestId + "'");
            assertThat(rs.next()).isTrue();
            return new SecretBox(config.getValue("dbp.secrets.key", String.class))
                    .open(new SecretBox.Sealed(rs.getBytes(1), rs.getBytes(2)), "logicore/" + role);
        }
    }
}
