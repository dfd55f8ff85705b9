package com.logicore.dbp.requests.rest;

import static com.logicore.dbp.requests.rest.AdminCalls.member;
import static com.logicore.dbp.requests.rest.AdminCalls.team;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import com.logicore.dbp.events.EventEnvelope;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.payload.ApprovalRecorded;
import com.logicore.dbp.events.payload.ApprovalRequired;
import com.logicore.dbp.events.payload.GrantRevokeRequested;
import com.logicore.dbp.events.payload.JobStarted;
import com.logicore.dbp.events.payload.JobSucceeded;
import com.logicore.dbp.events.payload.RequestApproved;
import com.logicore.dbp.events.payload.RequestExpired;
import com.logicore.dbp.events.payload.RequestSubmitted;
import com.logicore.dbp.events.payload.SchemaOwnershipChanged;
import com.logicore.dbp.testkit.kafka.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** request-api on real PostgreSQL, Kafka and Redis: identities, intake, outbox, projection, actions. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestLifecycleApiIT {

    private static final String ADMIN = AdminCalls.ADMIN;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private KafkaTestClient kafka;
    private String alice; // routing, REQUESTER
    private String rob; // routing, REQUESTER + APPROVER
    private String fred; // fleet, REQUESTER
    private String erin; // dba (reviewer team), APPROVER

    // @BeforeEach, not @BeforeAll: RestAssured learns the random test port only before each test.
    @BeforeEach
    void createTeamsAndTokensOnce() {
        if (kafka != null) {
            return;
        }
        kafka = new KafkaTestClient(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        team("routing", false);
        team("fleet", false);
        team("dba", true);
        alice = member("routing", "alice", "REQUESTER");
        rob = member("routing", "rob", "REQUESTER", "APPROVER");
        fred = member("fleet", "fred", "REQUESTER");
        erin = member("dba", "erin", "APPROVER");
        given().auth()
                .oauth2(ADMIN)
                .contentType(ContentType.JSON)
                .body(Map.of("team", "routing"))
                .put("/api/v1/admin/schemas/logicore/routing")
                .then()
                .statusCode(200);
    }

    @AfterAll
    void closeKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everyApiCallNeedsAValidToken() {
        given().get("/api/v1/requests")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"));
        given().auth()
                .oauth2("dbp_not-a-token")
                .get("/api/v1/requests")
                .then()
                .statusCode(401)
                .body("detail", containsString("unknown or revoked"));
        given().auth()
                .oauth2(alice)
                .get("/api/v1/admin/teams")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(alice)
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body("team", equalTo("routing"))
                .body("roles", hasItem("REQUESTER"));
    }

    @Test
    void revokedTokenNoLongerWorks() {
        var created = given().auth()
                .oauth2(ADMIN)
                .contentType(ContentType.JSON)
                .body(Map.of("label", "ci"))
                .post("/api/v1/admin/members/alice/tokens")
                .then()
                .statusCode(201)
                .extract();
        String token = created.path("token");
        given().auth().oauth2(token).get("/api/v1/me").then().statusCode(200);
        given().auth()
                .oauth2(ADMIN)
                .delete("/api/v1/admin/tokens/" + created.path("id"))
                .then()
                .statusCode(204);
        given().auth().oauth2(token).get("/api/v1/me").then().statusCode(401);
    }

    @Test
    void acceptedRequestIsStoredAndItsEventReachesKafka() {
        String id = submit(alice, createIndex("stops", "route_id"), null)
                .statusCode(202)
                .header("Location", containsString("/api/v1/requests/"))
                .body("state", equalTo("SUBMITTED"))
                .body("team", equalTo("routing"))
                .extract()
                .path("id");

        var record = kafka.await("dbp.requests", r -> id.equals(r.key()), WAIT);
        assertThat(KafkaTestClient.header(record, "ce_type")).isEqualTo("com.logicore.dbp.request.submitted.v1");
        assertThat(KafkaTestClient.header(record, "ce_subject")).isEqualTo(id);
        var submitted = EventJson.read(record.value(), RequestSubmitted.class);
        assertThat(submitted.team()).isEqualTo("routing");
        assertThat(submitted.payload().get("columns").get(0).asText()).isEqualTo("route_id");

        given().auth()
                .oauth2(alice)
                .get("/api/v1/requests/" + id)
                .then()
                .statusCode(200)
                .body("timeline[0].to", equalTo("SUBMITTED"))
                .body("timeline[0].actor", equalTo("member:alice"));
    }

    @Test
    void sameIdempotencyKeyAndBodyReturnsTheSameRequestAndAnotherBodyIsAConflict() {
        String key = "ci-run-" + UUID.randomUUID();
        String first = submit(alice, createIndex("stops", "seq"), key)
                .statusCode(202)
                .extract()
                .path("id");
        String again = submit(alice, createIndex("stops", "seq"), key)
                .statusCode(202)
                .header("Idempotent-Replayed", "true")
                .extract()
                .path("id");
        assertThat(again).isEqualTo(first);
        submit(alice, createIndex("stops", "address"), key)
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", containsString("idempotency-key-reused"));
    }

    @Test
    void badInputGetsAProblemNamingTheFieldAndStoresNothing() {
        int before = given().auth()
                .oauth2(fred)
                .get("/api/v1/requests?limit=200")
                .then()
                .extract()
                .path("items.size()");

        given().auth()
                .oauth2(fred)
                .contentType(ContentType.JSON)
                .body("{not json")
                .post("/api/v1/requests")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        submit(fred, Map.of("type", "DROP_EVERYTHING", "target", target("fleet"), "payload", Map.of()), null)
                .statusCode(400)
                .body("field", equalTo("type"));
        submit(
                        fred,
                        Map.of(
                                "type",
                                "CREATE_INDEX",
                                "target",
                                target("fleet"),
                                "payload",
                                Map.of("table", "vehicles")),
                        null)
                .statusCode(422)
                .body("field", equalTo("payload.columns"));
        submit(
                        fred,
                        Map.of(
                                "type",
                                "CREATE_INDEX",
                                "target",
                                Map.of("database", "prod_db", "schema", "fleet"),
                                "payload",
                                Map.of("table", "vehicles", "columns", List.of("plate"))),
                        null)
                .statusCode(422)
                .body("field", equalTo("target.database"));
        submit(
                        fred,
                        Map.of(
                                "type",
                                "SCHEMA_CHANGE",
                                "target",
                                target("fleet"),
                                "payload",
                                Map.of(
                                        "migrations",
                                        List.of(Map.of(
                                                "version",
                                                "1",
                                                "description",
                                                "huge",
                                                "sql",
                                                "SELECT 1;" + "x".repeat(70_000))))),
                        null)
                .statusCode(422)
                .body("field", equalTo("payload.migrations[0].sql"));
        submit(
                        fred,
                        Map.of(
                                "type",
                                "CREATE_INDEX",
                                "target",
                                target("fleet"),
                                "payload",
                                Map.of("table", "vehicles", "columns", List.of("plate"), "colums", List.of("x"))),
                        null)
                .statusCode(422)
                .body("field", equalTo("payload.colums"));
        submit(
                        fred,
                        Map.of(
                                "type",
                                "CREATE_INDEX",
                                "target",
                                target("fleet"),
                                "payload",
                                Map.of("table", "Vehicles; DROP TABLE x", "columns", List.of("plate"))),
                        null)
                .statusCode(422)
                .body("field", equalTo("payload.table"));

        int after = given().auth()
                .oauth2(fred)
                .get("/api/v1/requests?limit=200")
                .then()
                .extract()
                .path("items.size()");
        assertThat(after).isEqualTo(before);
    }

    @Test
    void decisionsAndJobStatusMoveTheRequestOnceEvenWhenRedeliveredOrEarly() {
        String id = submit(alice, createIndex("stops", "planned_arrival"), null)
                .statusCode(202)
                .extract()
                .path("id");

        // the job's success overtakes its start, and both overtake the approval
        kafka.send("dbp.job-status", id, EventType.JOB_SUCCEEDED, id, new JobSucceeded(id, "index built", null, 1200));
        kafka.send("dbp.job-status", id, EventType.JOB_STARTED, id, new JobStarted(id, "migration-worker", "building"));
        var approved = EventEnvelope.create(
                "/dbp/approval-service",
                EventType.REQUEST_APPROVED,
                id,
                EventJson.write(new RequestApproved(id, List.of(), "small table")));
        kafka.send("dbp.decisions", id, approved);
        kafka.send("dbp.decisions", id, approved); // redelivered: same CloudEvent id

        await().atMost(WAIT).untilAsserted(() -> given().auth()
                .oauth2(alice)
                .get("/api/v1/requests/" + id)
                .then()
                .body("state", equalTo("SUCCEEDED")));
        var timeline = given().auth()
                .oauth2(alice)
                .get("/api/v1/requests/" + id)
                .then()
                .extract()
                .jsonPath()
                .getList("timeline.findAll { it.kind == 'APPLIED' }.to", String.class);
        assertThat(timeline).containsExactly("SUBMITTED", "APPROVED", "RUNNING", "SUCCEEDED");

        // a late, backwards event is recorded and ignored
        kafka.send(
                "dbp.decisions",
                id,
                EventType.APPROVAL_REQUIRED,
                id,
                new ApprovalRequired(id, 1, List.of("APPROVER"), "late"));
        await().atMost(WAIT).untilAsserted(() -> given().auth()
                .oauth2(alice)
                .get("/api/v1/requests/" + id)
                .then()
                .body("timeline.kind", hasItem("IGNORED"))
                .body("state", equalTo("SUCCEEDED")));
    }

    @Test
    void anAdvancingApprovalChainIsANoteAndAnUnfinishedOneExpires() {
        String id = submit(alice, createIndex("stops", "actual_arrival"), null)
                .statusCode(202)
                .extract()
                .path("id");
        kafka.send(
                "dbp.decisions",
                id,
                EventType.APPROVAL_REQUIRED,
                id,
                new ApprovalRequired(id, 2, List.of("DBA", "OWNER"), "large table"));
        kafka.send(
                "dbp.decisions",
                id,
                EventType.APPROVAL_REQUIRED,
                id,
                new ApprovalRequired(id, 1, List.of("OWNER"), "approved by erin; still needed: [OWNER]"));
        kafka.send(
                "dbp.decisions", id, EventType.REQUEST_EXPIRED, id, new RequestExpired(id, "no decision within 72 h"));

        await().atMost(WAIT).untilAsserted(() -> given().auth()
                .oauth2(alice)
                .get("/api/v1/requests/" + id)
                .then()
                .body("state", equalTo("EXPIRED")));
        var lines = given().auth()
                .oauth2(alice)
                .get("/api/v1/requests/" + id)
                .then()
                .extract()
                .jsonPath();
        assertThat(lines.getList("timeline.kind", String.class))
                .doesNotContain("IGNORED")
                .contains("NOTE");
        assertThat(lines.getList("timeline.reason", String.class))
                .anyMatch(r -> r != null && r.contains("still needed"));
    }

    @Test
    void preCheckValidatesLikeASubmissionAndSaysWhenPolicyIsUnreachable() {
        given().auth()
                .oauth2(alice)
                .contentType(ContentType.JSON)
                .body(Map.of("type", "CREATE_INDEX", "target", target("routing"), "payload", Map.of("table", "stops")))
                .post("/api/v1/requests/evaluate")
                .then()
                .statusCode(422)
                .body("field", equalTo("payload.columns"));
        // this module runs without approval-service (and without its service token): a clear 503, never a 500
        given().auth()
                .oauth2(alice)
                .contentType(ContentType.JSON)
                .body(createIndex("stops", "seq"))
                .post("/api/v1/requests/evaluate")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .body("type", containsString("policy-unavailable"));
    }

    @Test
    void poisonMessagesGoToTheDeadLetterTopicWithTheReason() {
        kafka.sendRaw("dbp.decisions", "poison-1", "not an event".getBytes(StandardCharsets.UTF_8));
        var dead = kafka.await("dbp.decisions.dlq", r -> "poison-1".equals(r.key()), WAIT);
        assertThat(KafkaTestClient.header(dead, "dead-letter-reason")).contains("ce_specversion");
    }

    @Test
    void requesterCancelsAndCannotCancelTwice() {
        String id = submit(alice, createIndex("stops", "lat"), null)
                .statusCode(202)
                .extract()
                .path("id");
        given().auth()
                .oauth2(alice)
                .contentType(ContentType.JSON)
                .body(Map.of("comment", "wrong column"))
                .post("/api/v1/requests/" + id + "/cancel")
                .then()
                .statusCode(200)
                .body("state", equalTo("CANCELLED"));
        given().auth()
                .oauth2(alice)
                .post("/api/v1/requests/" + id + "/cancel")
                .then()
                .statusCode(409)
                .body("detail", containsString("CANCELLED"));
        kafka.await(
                "dbp.requests",
                r -> id.equals(r.key())
                        && "com.logicore.dbp.request.cancelled.v1".equals(KafkaTestClient.header(r, "ce_type")),
                WAIT);
    }

    @Test
    void approvalFollowsFourEyesAndTravelsAsAnEvent() {
        String id = submit(rob, createIndex("stops", "lon"), null)
                .statusCode(202)
                .extract()
                .path("id");
        given().auth()
                .oauth2(erin)
                .post("/api/v1/requests/" + id + "/approve")
                .then()
                .statusCode(409); // not awaiting yet
        kafka.send(
                "dbp.decisions",
                id,
                EventType.APPROVAL_REQUIRED,
                id,
                new ApprovalRequired(id, 1, List.of("APPROVER"), "large table"));
        await().atMost(WAIT).untilAsserted(() -> given().auth()
                .oauth2(rob)
                .get("/api/v1/requests/" + id)
                .then()
                .body("state", equalTo("AWAITING_APPROVAL")));

        given().auth()
                .oauth2(rob)
                .post("/api/v1/requests/" + id + "/approve")
                .then()
                .statusCode(403)
                .body("detail", containsString("four-eyes"));
        given().auth()
                .oauth2(alice)
                .post("/api/v1/requests/" + id + "/approve")
                .then()
                .statusCode(403)
                .body("detail", containsString("APPROVER"));
        given().auth()
                .oauth2(erin)
                .contentType(ContentType.JSON)
                .body(Map.of("comment", "off-peak is fine"))
                .post("/api/v1/requests/" + id + "/approve")
                .then()
                .statusCode(202);

        var record = kafka.await(
                "dbp.requests",
                r -> id.equals(r.key())
                        && "com.logicore.dbp.approval.recorded.v1".equals(KafkaTestClient.header(r, "ce_type")),
                WAIT);
        var recorded = EventJson.read(record.value(), ApprovalRecorded.class);
        assertThat(recorded.approver()).isEqualTo("erin");
        assertThat(recorded.decision()).isEqualTo(ApprovalRecorded.Decision.APPROVE);
    }

    @Test
    void aTeamSeesOnlyItsOwnRequestsAndReviewersSeeAll() {
        String id = submit(alice, createIndex("stops", "address"), null)
                .statusCode(202)
                .extract()
                .path("id");
        given().auth().oauth2(fred).get("/api/v1/requests/" + id).then().statusCode(404);
        given().auth().oauth2(fred).get("/api/v1/requests?team=routing").then().statusCode(403);
        List<String> fleetTeams = given().auth()
                .oauth2(fred)
                .get("/api/v1/requests")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.team", String.class);
        assertThat(fleetTeams).allMatch("fleet"::equals);
        given().auth().oauth2(erin).get("/api/v1/requests/" + id).then().statusCode(200);
    }

    @Test
    void listingFiltersAndPagesWithACursor() {
        for (int i = 0; i < 3; i++) {
            submit(
                            fred,
                            Map.of(
                                    "type",
                                    "QUERY_REVIEW",
                                    "target",
                                    target("fleet"),
                                    "payload",
                                    Map.of("sql", "SELECT * FROM fleet.vehicles WHERE id = " + i)),
                            null)
                    .statusCode(202);
        }
        var page1 = given().auth()
                .oauth2(fred)
                .get("/api/v1/requests?type=QUERY_REVIEW&limit=2")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(2))
                .body("nextCursor", notNullValue())
                .extract();
        var page2 = given().auth()
                .oauth2(fred)
                .queryParam("cursor", (String) page1.path("nextCursor"))
                .get("/api/v1/requests?type=QUERY_REVIEW&limit=2")
                .then()
                .statusCode(200)
                .extract();
        List<String> first = page1.jsonPath().getList("items.id");
        List<String> second = page2.jsonPath().getList("items.id");
        assertThat(second).isNotEmpty().doesNotContainAnyElementsOf(first);
        given().auth()
                .oauth2(fred)
                .get("/api/v1/requests?state=BOGUS")
                .then()
                .statusCode(400)
                .body("field", equalTo("state"));
    }

    @Test
    void schemaOwnershipIsPublishedForPolicy() {
        given().auth()
                .oauth2(ADMIN)
                .contentType(ContentType.JSON)
                .body(Map.of("team", "fleet"))
                .put("/api/v1/admin/schemas/logicore/fleet")
                .then()
                .statusCode(200);
        var record = kafka.await("dbp.ownership", r -> "logicore/fleet".equals(r.key()), WAIT);
        assertThat(EventJson.read(record.value(), SchemaOwnershipChanged.class).team())
                .isEqualTo("fleet");
    }

    @Test
    void aProvisionedSchemaBelongsToTheTeamThatAskedOnceItsJobSucceeds() {
        String id = submit(
                        alice,
                        Map.of(
                                "type", "PROVISION_SCHEMA",
                                "target", target("route_planning"),
                                "payload", Map.of("schema", "route_planning", "owningTeam", "routing")),
                        null)
                .statusCode(202)
                .extract()
                .path("id");
        kafka.send(
                "dbp.decisions",
                id,
                EventType.REQUEST_APPROVED,
                id,
                new RequestApproved(id, List.of("erin"), "new schema"));
        kafka.send("dbp.job-status", id, EventType.JOB_STARTED, id, new JobStarted(id, "migration-worker", "creating"));
        kafka.send(
                "dbp.job-status", id, EventType.JOB_SUCCEEDED, id, new JobSucceeded(id, "schema created", null, 300));

        var record = kafka.await("dbp.ownership", r -> "logicore/route_planning".equals(r.key()), WAIT);
        assertThat(EventJson.read(record.value(), SchemaOwnershipChanged.class).team())
                .isEqualTo("routing");
        given().auth()
                .oauth2(ADMIN)
                .get("/api/v1/admin/schemas")
                .then()
                .statusCode(200)
                .body("find { it.schema == 'route_planning' }.team", equalTo("routing"));
    }

    @Test
    void aFinishedExportIsDownloadedByItsTeamThroughASignedExpiringLink() throws Exception {
        String id = submit(
                        alice,
                        Map.of(
                                "type", "DATA_EXPORT",
                                "target", target("routing"),
                                "payload", Map.of("tables", List.of("stops"), "format", "CSV", "purpose", "analytics")),
                        null)
                .statusCode(202)
                .extract()
                .path("id");
        given().auth()
                .oauth2(alice)
                .get("/api/v1/requests/" + id + "/download")
                .then()
                .statusCode(409);

        String file = "f3c1a9e07b2d44aa.csv.gz";
        var exports = java.nio.file.Path.of("target", "export-store", "exports");
        java.nio.file.Files.createDirectories(exports);
        java.nio.file.Files.writeString(exports.resolve(file), "id,eta\n1,2026-11-25T10:00:00Z\n");
        var manifest = EventJson.mapper().createObjectNode();
        manifest.put("expiresAt", Instant.now().plus(Duration.ofDays(7)).toString());
        manifest.putArray("files")
                .addObject()
                .put("name", file)
                .put("bytes", 31)
                .put("sha256", "abc");
        var result = EventJson.mapper().createObjectNode().put("file", file).set("manifest", manifest);
        kafka.send("dbp.decisions", id, EventType.REQUEST_APPROVED, id, new RequestApproved(id, List.of(), "masked"));
        kafka.send("dbp.job-status", id, EventType.JOB_STARTED, id, new JobStarted(id, "export-worker", "exporting"));
        kafka.send("dbp.job-status", id, EventType.JOB_SUCCEEDED, id, new JobSucceeded(id, "exported", result, 900));
        await().atMost(WAIT).untilAsserted(() -> given().auth()
                .oauth2(alice)
                .get("/api/v1/requests/" + id)
                .then()
                .body("state", equalTo("SUCCEEDED")));

        // Reviewers see the request, but the data goes to the requesting team only.
        given().auth()
                .oauth2(erin)
                .get("/api/v1/requests/" + id + "/download")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(fred)
                .get("/api/v1/requests/" + id + "/download")
                .then()
                .statusCode(404);
        String url = given().auth()
                .oauth2(alice)
                .redirects()
                .follow(false)
                .get("/api/v1/requests/" + id + "/download")
                .then()
                .statusCode(303)
                .body("file", equalTo(file))
                .extract()
                .header("Location");
        assertThat(given().redirects()
                        .follow(false)
                        .get(url)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .isEqualTo("id,eta\n1,2026-11-25T10:00:00Z\n");
        given().get(url.replace("signature=", "signature=x")).then().statusCode(403);
        given().get(url.replaceAll("expires=[0-9]+", "expires=1")).then().statusCode(403);
        given().get(url.replace(file, "other.csv.gz")).then().statusCode(403);

        java.nio.file.Files.delete(exports.resolve(file));
        given().get(url).then().statusCode(410).contentType("application/problem+json");
    }

    @Test
    void anAccessGrantsCredentialsGoToItsRequesterOnlyAndItIsRevokedEarlyThroughTheWorker() {
        String id = submit(
                        alice,
                        Map.of(
                                "type", "ACCESS_GRANT",
                                "target", target("routing"),
                                "payload",
                                        Map.of(
                                                "grantee", "alice",
                                                "granteeKind", "PERSON",
                                                "durationHours", 8,
                                                "reason", "late deliveries analysis")),
                        null)
                .statusCode(202)
                .extract()
                .path("id");
        credentials(alice, id)
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("SUBMITTED"));
        revoke(alice, id).statusCode(409).body("type", containsString("not-an-active-grant"));

        kafka.send("dbp.decisions", id, EventType.REQUEST_APPROVED, id, new RequestApproved(id, List.of(), "8 h"));
        kafka.send("dbp.job-status", id, EventType.JOB_STARTED, id, new JobStarted(id, "migration-worker", "granting"));
        kafka.send("dbp.job-status", id, EventType.JOB_SUCCEEDED, id, new JobSucceeded(id, "granted", null, 80));
        awaitState(alice, id, "SUCCEEDED");

        // the login is the requester's: not her teammate's, not a DBA's, and another team does not see the request
        credentials(rob, id).statusCode(403).contentType("application/problem+json");
        credentials(erin, id).statusCode(403);
        credentials(fred, id).statusCode(404);
        // this module runs without the migration worker: a clear 503, never a 500
        credentials(alice, id).statusCode(503).body("type", containsString("grants-unavailable"));

        // a teammate may not end it; its requester may
        revoke(rob, id).statusCode(403);
        given().auth()
                .oauth2(alice)
                .contentType(ContentType.JSON)
                .body(Map.of("comment", "analysis done"))
                .post("/api/v1/requests/" + id + "/revoke")
                .then()
                .statusCode(202)
                .body("state", equalTo("SUCCEEDED"));
        var command = kafka.await(
                "dbp.jobs.migration",
                r -> "logicore/routing".equals(r.key())
                        && EventType.GRANT_REVOKE_REQUESTED.ceType().equals(KafkaTestClient.header(r, "ce_type"))
                        && id.equals(KafkaTestClient.header(r, "ce_subject")),
                WAIT);
        var asked = EventJson.read(command.value(), GrantRevokeRequested.class);
        assertThat(asked.requestedBy()).isEqualTo("member:alice");
        assertThat(asked.reason()).isEqualTo("analysis done");

        // the worker answers once the role is gone
        kafka.send(
                "dbp.decisions",
                id,
                EventEnvelope.create(
                        "/dbp/migration-worker",
                        EventType.REQUEST_EXPIRED,
                        id,
                        EventJson.write(new RequestExpired(id, "access grant revoked early at the request of alice"))));
        awaitState(alice, id, "EXPIRED");
        var timeline = given().auth()
                .oauth2(alice)
                .get("/api/v1/requests/" + id)
                .then()
                .extract()
                .jsonPath();
        assertThat(timeline.getList("timeline.reason", String.class)).contains("early revoke requested: analysis done");
        assertThat(timeline.getString("timeline.find { it.to == 'EXPIRED' }.actor"))
                .isEqualTo("worker:migration-worker");
        revoke(alice, id).statusCode(409).body("detail", containsString("EXPIRED"));
        credentials(alice, id).statusCode(409).body("detail", containsString("ended"));
    }

    @Test
    void aDbaMayRevokeATeamsGrantButNeverFetchItsLogin() {
        String id = submit(
                        alice,
                        Map.of(
                                "type", "ACCESS_GRANT",
                                "target", target("routing"),
                                "payload",
                                        Map.of(
                                                "grantee", "alice",
                                                "granteeKind", "PERSON",
                                                "durationHours", 4,
                                                "reason", "stop density map")),
                        null)
                .statusCode(202)
                .extract()
                .path("id");
        kafka.send("dbp.decisions", id, EventType.REQUEST_APPROVED, id, new RequestApproved(id, List.of(), "4 h"));
        kafka.send("dbp.job-status", id, EventType.JOB_STARTED, id, new JobStarted(id, "migration-worker", "granting"));
        kafka.send("dbp.job-status", id, EventType.JOB_SUCCEEDED, id, new JobSucceeded(id, "granted", null, 60));
        awaitState(alice, id, "SUCCEEDED");

        credentials(erin, id).statusCode(403);
        revoke(erin, id).statusCode(202);
        var command = kafka.await(
                "dbp.jobs.migration",
                r -> id.equals(KafkaTestClient.header(r, "ce_subject"))
                        && EventType.GRANT_REVOKE_REQUESTED.ceType().equals(KafkaTestClient.header(r, "ce_type")),
                WAIT);
        assertThat(EventJson.read(command.value(), GrantRevokeRequested.class).requestedBy())
                .isEqualTo("member:erin");
    }

    private static io.restassured.response.ValidatableResponse credentials(String token, String id) {
        return given().auth()
                .oauth2(token)
                .get("/api/v1/requests/" + id + "/credentials")
                .then();
    }

    private static io.restassured.response.ValidatableResponse revoke(String token, String id) {
        return given().auth()
                .oauth2(token)
                .post("/api/v1/requests/" + id + "/revoke")
                .then();
    }

    private static void awaitState(String token, String id, String state) {
        await().atMost(WAIT).untilAsserted(() -> given().auth()
                .oauth2(token)
                .get("/api/v1/requests/" + id)
                .then()
                .body("state", equalTo(state)));
    }

    private io.restassured.response.ValidatableResponse submit(String token, Object body, String idempotencyKey) {
        var spec = given().auth().oauth2(token).contentType(ContentType.JSON).body(body);
        if (idempotencyKey != null) {
            spec.header("Idempotency-Key", idempotencyKey);
        }
        return spec.post("/api/v1/requests").then().log().ifValidationFails();
    }

    private static Map<String, Object> createIndex(String table, String column) {
        return Map.of(
                "type",
                "CREATE_INDEX",
                "target",
                target("routing"),
                "payload",
                Map.of("table", table, "columns", List.of(column)),
                "reason",
                "speed up lookups");
    }

    private static Map<String, String> target(String schema) {
        return Map.of("database", "logicore", "schema", schema);
    }
}
