package com.logicore.dbp.requests.slack;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.payload.ApprovalRecorded;
import com.logicore.dbp.events.payload.ApprovalRequired;
import com.logicore.dbp.events.payload.Finding;
import com.logicore.dbp.events.payload.JobProgress;
import com.logicore.dbp.events.payload.JobStarted;
import com.logicore.dbp.events.payload.JobSucceeded;
import com.logicore.dbp.events.payload.PolicyEvaluated;
import com.logicore.dbp.events.payload.RequestApproved;
import com.logicore.dbp.events.payload.RequestRejected;
import com.logicore.dbp.testkit.kafka.KafkaTestClient;
import com.logicore.dbp.testkit.slack.FakeSlackResource;
import com.logicore.dbp.testkit.slack.FakeSlackWebApi;
import com.logicore.dbp.testkit.slack.FakeSlackWebApi.Call;
import com.logicore.dbp.testkit.slack.SlackRequestSigner;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Slack bot through its real endpoints, with payloads in Slack's documented formats signed as Slack signs them,
 * on real PostgreSQL and Kafka; the only fake is Slack's Web API (recording what the bot posts).
 */
@QuarkusTest
@QuarkusTestResource(FakeSlackResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlackBotIT {

    private static final String ADMIN = "test-admin-token";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern UUID_IN_TEXT =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private KafkaTestClient kafka;
    private String fake;
    private String sam; // routing, REQUESTER + APPROVER (the team lead); Slack U0SAM
    private String dora; // dba (reviewer team), APPROVER; Slack U0DORA

    @BeforeEach
    void createPeopleOnce() {
        if (kafka != null) {
            return;
        }
        var config = ConfigProvider.getConfig();
        kafka = new KafkaTestClient(config.getValue("kafka.bootstrap.servers", String.class));
        fake = config.getValue(FakeSlackResource.FAKE_URL_KEY, String.class);
        admin().body(Map.of("name", "Routing"))
                .put("/api/v1/admin/teams/routing")
                .then()
                .statusCode(200);
        admin().body(Map.of("name", "DBA", "reviewer", true))
                .put("/api/v1/admin/teams/dba")
                .then()
                .statusCode(200);
        admin().body(Map.of("roles", List.of("REQUESTER", "APPROVER")))
                .put("/api/v1/admin/teams/routing/members/sam")
                .then()
                .statusCode(200);
        admin().body(Map.of("roles", List.of("REQUESTER")))
                .put("/api/v1/admin/teams/routing/members/tom")
                .then()
                .statusCode(200);
        admin().body(Map.of("roles", List.of("APPROVER")))
                .put("/api/v1/admin/teams/dba/members/dora")
                .then()
                .statusCode(200);
        admin().body(Map.of("team", "routing"))
                .put("/api/v1/admin/schemas/logicore/routing")
                .then()
                .statusCode(200);
        sam = admin().body(Map.of("label", "slack-it"))
                .post("/api/v1/admin/members/sam/tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
        dora = admin().body(Map.of("label", "slack-it"))
                .post("/api/v1/admin/members/dora/tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
        admin().body(Map.of("username", "sam"))
                .put("/api/v1/admin/slack-users/U0SAM")
                .then()
                .statusCode(200)
                .body("team", equalTo("routing"));
        admin().body(Map.of("username", "dora"))
                .put("/api/v1/admin/slack-users/U0DORA")
                .then()
                .statusCode(200);
        admin().body(Map.of("username", "tom"))
                .put("/api/v1/admin/slack-users/U0TOM")
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
    void onlyAdminsLinkSlackUsersAndOnlyToExistingMembers() {
        given().auth()
                .oauth2(sam)
                .contentType(ContentType.JSON)
                .body(Map.of("username", "sam"))
                .put("/api/v1/admin/slack-users/U0MALLORY")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        admin().body(Map.of("username", "nobody-here"))
                .put("/api/v1/admin/slack-users/U0GHOST")
                .then()
                .statusCode(422)
                .body("field", equalTo("username"));
    }

    @Test
    void unsignedBadlySignedStaleAndReplayedRequestsAre401AndChangeNothing() {
        int before = requestCount();
        String body = command("U0SAM", "index routing.stops (seq)", "replay-1", "trig-replay-1");
        long now = System.currentTimeMillis() / 1000;

        given().contentType(ContentType.URLENC)
                .body(body)
                .post("/slack/commands")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        post("/slack/commands", body, now, SlackRequestSigner.sign("not-the-secret", now, body))
                .statusCode(401)
                .body("detail", containsString("does not match"));
        post("/slack/commands", body, now, SlackRequestSigner.sign(FakeSlackResource.SIGNING_SECRET, now, "x" + body))
                .statusCode(401);
        post("/slack/commands", body, now - 330, sign(now - 330, body))
                .statusCode(401)
                .body("detail", containsString("stale"));
        // 30 s past the limit: this test may take a few seconds to get here.
        post("/slack/commands", body, now + 330, sign(now + 330, body)).statusCode(401);
        post("/slack/interactions", "payload=%7B%7D", now - 600, sign(now - 600, "payload=%7B%7D"))
                .statusCode(401);
        assertThat(requestCount()).isEqualTo(before);

        // The genuine request once, then the very same bytes again: the copy is refused.
        String signature = sign(now, body);
        post("/slack/commands", body, now, signature).statusCode(200);
        post("/slack/commands", body, now, signature).statusCode(401).body("detail", containsString("replayed"));
        Call answer = awaitCall(c -> c.method().equals("response_url:replay-1"));
        assertThat(answer.param("text")).contains("Submitted request");
        assertThat(requestCount()).isEqualTo(before + 1);
    }

    @Test
    void anUnlinkedSlackUserIsToldHowToGetAccessAndCanDoNothingElse() {
        int before = requestCount();
        signedCommand(command("U0NOBODY", "index routing.stops (address)", "unlinked-1", "trig-unlinked-1"))
                .statusCode(200);
        Call answer = awaitCall(c -> c.method().equals("response_url:unlinked-1"));
        assertThat(answer.param("text")).contains("not linked").contains("PUT /api/v1/admin/slack-users/U0NOBODY");
        assertThat(requestCount()).isEqualTo(before);

        signedInteraction(
                        blockAction("U0NOBODY", "dbp_approve", UUID.randomUUID().toString(), "unlinked-click"))
                .statusCode(200);
        assertThat(awaitCall(c -> c.method().equals("response_url:unlinked-click"))
                        .param("text"))
                .contains("not linked");
    }

    @Test
    void indexCommandApprovalInSlackAndTheRequesterFollowsItToTheEnd() {
        // /db index routing.stops (eta) -> a request, submitted as sam through the REST intake.
        signedCommand(command("U0SAM", "index routing.stops (eta)", "index-1", "trig-index-1"))
                .statusCode(200)
                .body("response_type", equalTo("ephemeral"));
        String submitted =
                awaitCall(c -> c.method().equals("response_url:index-1")).param("text");
        assertThat(submitted).contains("Submitted request");
        String indexId = firstUuid(submitted);
        given().auth()
                .oauth2(sam)
                .get("/api/v1/requests/" + indexId)
                .then()
                .statusCode(200)
                .body("type", equalTo("CREATE_INDEX"))
                .body("submittedBy", equalTo("sam"))
                .body("target.schema", equalTo("routing"))
                .body("payload.table", equalTo("stops"))
                .body("payload.columns[0]", equalTo("eta"));
        kafka.await("dbp.requests", r -> indexId.equals(r.key()), WAIT);

        // A dangerous migration submitted by API; approval-service (simulated here) asks for a DBA.
        String id = given().auth()
                .oauth2(sam)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "type",
                        "SCHEMA_CHANGE",
                        "target",
                        Map.of("database", "logicore", "schema", "routing"),
                        "payload",
                        Map.of(
                                "migrations",
                                List.of(Map.of(
                                        "version", "42",
                                        "description", "timezone-aware ETAs",
                                        "sql", "ALTER TABLE routing.stops ALTER COLUMN eta TYPE timestamptz"))),
                        "reason",
                        "ETAs drift across time zones"))
                .post("/api/v1/requests")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        kafka.send(
                "dbp.decisions",
                id,
                EventType.POLICY_EVALUATED,
                id,
                new PolicyEvaluated(
                        id,
                        "NEEDS_APPROVAL",
                        PolicyEvaluated.Risk.HIGH,
                        List.of(
                                new Finding(
                                        "column.type-change",
                                        Finding.Severity.WARNING,
                                        "changing the type of routing.stops.eta rewrites the table (about 2,400,000 rows,"
                                                + " 412 MB) under an ACCESS EXCLUSIVE lock",
                                        "payload.migrations[0].sql"),
                                new Finding(
                                        "context.large-table",
                                        Finding.Severity.INFO,
                                        "routing.stops is large: about 2,400,000 rows",
                                        "target.schema"))));
        kafka.send(
                "dbp.decisions",
                id,
                EventType.APPROVAL_REQUIRED,
                id,
                new ApprovalRequired(id, 1, List.of("DBA"), "HIGH risk needs a DBA"));

        Call card = awaitCall(c -> c.method().equals("chat.postMessage")
                && c.param("channel").equals(FakeSlackResource.APPROVERS_CHANNEL)
                && c.param("blocks").contains(id));
        assertThat(card.param("blocks"))
                .contains("sam")
                .contains("SCHEMA_CHANGE")
                .contains("HIGH")
                .contains("ALTER TABLE routing.stops ALTER COLUMN eta TYPE timestamptz")
                .contains("2,400,000 rows, 412 MB")
                .contains("1 DBA")
                .contains("dbp_approve")
                .contains("dbp_reject");
        String cardTs = responseTs(card);

        // The requester's own click is refused, with the reason; nothing is recorded.
        signedInteraction(blockAction("U0SAM", "dbp_approve", id, "sam-click")).statusCode(200);
        assertThat(awaitCall(c -> c.method().equals("response_url:sam-click")).param("text"))
                .contains("cannot approve")
                .contains("four-eyes");
        // A colleague without the APPROVER role is refused too: the role must fit.
        signedInteraction(blockAction("U0TOM", "dbp_approve", id, "tom-click")).statusCode(200);
        assertThat(awaitCall(c -> c.method().equals("response_url:tom-click")).param("text"))
                .contains("cannot approve")
                .contains("APPROVER role");
        given().auth()
                .oauth2(sam)
                .get("/api/v1/requests/" + id)
                .then()
                .body("state", equalTo("AWAITING_APPROVAL"))
                .body(
                        "timeline.findAll { it.eventType == 'com.logicore.dbp.approval.recorded.v1' }.size()",
                        equalTo(0));

        // A DBA's click is an approval by dora, published for approval-service; the card shows it at once.
        signedInteraction(blockAction("U0DORA", "dbp_approve", id, "dora-click"))
                .statusCode(200);
        var recorded = EventJson.read(
                kafka.await(
                                "dbp.requests",
                                r -> id.equals(r.key())
                                        && "com.logicore.dbp.approval.recorded.v1"
                                                .equals(KafkaTestClient.header(r, "ce_type")),
                                WAIT)
                        .value(),
                ApprovalRecorded.class);
        assertThat(recorded.approver()).isEqualTo("dora");
        assertThat(recorded.decision()).isEqualTo(ApprovalRecorded.Decision.APPROVE);
        assertThat(recorded.approverIsReviewer()).isTrue();
        awaitCall(c -> c.method().equals("chat.update")
                && c.param("ts").equals(cardTs)
                && c.param("blocks").contains("Approved by dora"));

        // approval-service confirms; the card closes without buttons.
        kafka.send(
                "dbp.decisions",
                id,
                EventType.REQUEST_APPROVED,
                id,
                new RequestApproved(id, List.of("dora"), "all approvals in"));
        Call closed = awaitCall(c -> c.method().equals("chat.update")
                && c.param("ts").equals(cardTs)
                && c.param("text").startsWith("Approved"));
        assertThat(closed.param("blocks")).doesNotContain("dbp_approve");

        // The worker runs it; the requester's DM thread shows running, progress and success with the details.
        kafka.send(
                "dbp.job-status",
                id,
                EventType.JOB_STARTED,
                id,
                new JobStarted(id, "migration-worker", "applying 1 migration"));
        kafka.send(
                "dbp.job-status",
                id,
                EventType.JOB_PROGRESS,
                id,
                new JobProgress(id, 50, 1_200_000L, 120L, "rewriting routing.stops"));
        Call root = awaitCall(c -> c.method().equals("chat.postMessage")
                && c.param("channel").equals("U0SAM")
                && c.param("thread_ts").isEmpty()
                && c.param("text").contains(id));
        String thread = responseTs(root);
        awaitCall(c -> inThread(c, thread) && c.param("text").contains("Waiting for approval"));
        awaitCall(c -> inThread(c, thread) && c.param("text").contains("Approved by dora"));
        awaitCall(c -> inThread(c, thread) && c.param("text").contains("Running on migration-worker"));
        String progressLine =
                responseTs(awaitCall(c -> inThread(c, thread) && c.param("text").contains("50 %")));
        // The next report updates the same line instead of adding one.
        kafka.send(
                "dbp.job-status",
                id,
                EventType.JOB_PROGRESS,
                id,
                new JobProgress(id, 80, 1_920_000L, 40L, "rewriting routing.stops"));
        awaitCall(c -> c.method().equals("chat.update")
                && c.param("ts").equals(progressLine)
                && c.param("text").contains("80 %")
                && c.param("text").contains("1,920,000 rows"));
        kafka.send(
                "dbp.job-status",
                id,
                EventType.JOB_SUCCEEDED,
                id,
                new JobSucceeded(
                        id,
                        "applied version 42",
                        JSON.valueToTree(Map.of("appliedVersions", List.of("42"), "schema", "routing")),
                        8_400));
        Call done = awaitCall(c -> inThread(c, thread) && c.param("text").contains("Succeeded"));
        assertThat(done.param("text"))
                .contains("applied version 42")
                .contains("appliedVersions")
                .contains("42");
    }

    @Test
    void rejectAsksForAReasonAndTheRequesterCannotRejectTheirOwn() {
        String id = given().auth()
                .oauth2(sam)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "type", "CREATE_INDEX",
                        "target", Map.of("database", "logicore", "schema", "routing"),
                        "payload", Map.of("table", "stops", "columns", List.of("address"))))
                .post("/api/v1/requests")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        kafka.send(
                "dbp.decisions",
                id,
                EventType.APPROVAL_REQUIRED,
                id,
                new ApprovalRequired(id, 1, List.of("DBA"), "large table"));
        String cardTs = responseTs(awaitCall(c -> c.method().equals("chat.postMessage")
                && c.param("channel").equals(FakeSlackResource.APPROVERS_CHANNEL)
                && c.param("blocks").contains(id)));

        signedInteraction(blockAction("U0DORA", "dbp_reject", id, "dora-reject"))
                .statusCode(200);
        Call modal = awaitCall(
                c -> c.method().equals("views.open") && c.param("view").contains(id));
        assertThat(modal.param("trigger_id")).isEqualTo("trig-dora-reject");
        assertThat(modal.param("view")).contains(SlackForms.REJECT);

        signedInteraction(viewSubmission("U0SAM", SlackForms.REJECT, id, Map.of("reason", "changed my mind")))
                .statusCode(200)
                .body("response_action", equalTo("errors"))
                .body("errors.reason", containsString("four-eyes"));
        signedInteraction(viewSubmission("U0DORA", SlackForms.REJECT, id, Map.of()))
                .statusCode(200)
                .body("errors.reason", containsString("Say why"));
        signedInteraction(viewSubmission(
                        "U0DORA", SlackForms.REJECT, id, Map.of("reason", "address is free text: use a trigram index")))
                .statusCode(200);
        var recorded = EventJson.read(
                kafka.await(
                                "dbp.requests",
                                r -> id.equals(r.key())
                                        && "com.logicore.dbp.approval.recorded.v1"
                                                .equals(KafkaTestClient.header(r, "ce_type")),
                                WAIT)
                        .value(),
                ApprovalRecorded.class);
        assertThat(recorded.decision()).isEqualTo(ApprovalRecorded.Decision.REJECT);
        assertThat(recorded.comment()).contains("trigram");
        Call closed =
                awaitCall(c -> c.method().equals("chat.update") && c.param("ts").equals(cardTs));
        assertThat(closed.param("text")).startsWith("Rejected by dora");

        // approval-service confirms the rejection; a stray "approved" after it is ignored by the state machine and
        // therefore not announced either.
        kafka.send(
                "dbp.decisions",
                id,
                EventType.REQUEST_REJECTED,
                id,
                new RequestRejected(id, "dora", "address is free text: use a trigram index", List.of()));
        awaitCall(c -> c.method().equals("chat.postMessage")
                && c.param("channel").equals("U0SAM")
                && c.param("text").contains("Rejected by dora: address is free text"));
        var stray = kafka.locate(
                "dbp.decisions",
                id,
                com.logicore.dbp.events.EventEnvelope.create(
                        "/dbp/approval-service",
                        EventType.REQUEST_APPROVED,
                        id,
                        EventJson.write(new RequestApproved(id, List.of("dora"), "late duplicate"))));
        kafka.awaitProcessed("request-api", stray, WAIT);
        given().auth().oauth2(sam).get("/api/v1/requests/" + id).then().body("state", equalTo("REJECTED"));
        assertThat(FakeSlackWebApi.calls(fake))
                .noneMatch(c ->
                        c.param("text").startsWith("Approved") && c.param("ts").equals(cardTs))
                .noneMatch(c -> c.param("text").contains("late duplicate"));
    }

    @Test
    void newOpensAFormAndTheFormIsValidatedBeforeAnythingIsSubmitted() {
        int before = requestCount();
        signedCommand(command("U0SAM", "new create_index", "new-1", "trig-new-1"))
                .statusCode(200);
        Call opened = awaitCall(
                c -> c.method().equals("views.open") && c.param("trigger_id").equals("trig-new-1"));
        assertThat(opened.param("view")).contains(SlackForms.NEW_REQUEST).contains("columns");

        signedInteraction(viewSubmission(
                        "U0SAM",
                        SlackForms.NEW_REQUEST,
                        "CREATE_INDEX",
                        Map.of("schema", "routing", "table", "stops", "columns", "Planned Arrival")))
                .statusCode(200)
                .body("response_action", equalTo("errors"))
                .body("errors.columns", org.hamcrest.Matchers.notNullValue());
        assertThat(requestCount()).isEqualTo(before);

        signedInteraction(viewSubmission(
                        "U0SAM",
                        SlackForms.NEW_REQUEST,
                        "CREATE_INDEX",
                        Map.of("schema", "routing", "table", "stops", "columns", "planned_arrival, route_id")))
                .statusCode(200);
        assertThat(requestCount()).isEqualTo(before + 1);
    }

    @Test
    void newWithoutATypeOpensAPickerAndTheChoiceShowsThatTypesForm() {
        signedCommand(command("U0SAM", "new", "new-pick", "trig-new-pick")).statusCode(200);
        Call picker = awaitCall(
                c -> c.method().equals("views.open") && c.param("trigger_id").equals("trig-new-pick"));
        assertThat(picker.param("view")).contains(SlackForms.PICK_TYPE).contains("SCHEMA_CHANGE");

        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", "block_actions");
        payload.put("user", Map.of("id", "U0SAM", "username", "sam", "team_id", "T0LOGICORE"));
        payload.put("api_app_id", "A0DBPBOT");
        payload.put("token", "gIkuvaNzQIHg97ATvDxqgjtO");
        payload.put("container", Map.of("type", "view", "view_id", "V0PICKER"));
        payload.put("trigger_id", "trig-picked");
        payload.put("team", Map.of("id", "T0LOGICORE", "domain", "logicore"));
        payload.put(
                "view",
                Map.of(
                        "id",
                        "V0PICKER",
                        "hash",
                        "1764108000.abc",
                        "type",
                        "modal",
                        "callback_id",
                        SlackForms.PICK_TYPE));
        payload.put(
                "actions",
                List.of(Map.of(
                        "action_id", SlackForms.PICK_TYPE,
                        "block_id", "type",
                        "type", "static_select",
                        "selected_option",
                                Map.of(
                                        "text",
                                        Map.of("type", "plain_text", "text", "schema_change"),
                                        "value",
                                        "SCHEMA_CHANGE"),
                        "action_ts", "1764108001.000100")));
        signedInteraction(form(payload)).statusCode(200);
        Call form = awaitCall(
                c -> c.method().equals("views.update") && c.param("view_id").equals("V0PICKER"));
        assertThat(form.param("hash")).isEqualTo("1764108000.abc");
        assertThat(form.param("view"))
                .contains(SlackForms.NEW_REQUEST)
                .contains("undo_sql")
                .contains("SCHEMA_CHANGE");
    }

    @Test
    void whileSlackIsDownOrRateLimitingTheRequesterStillGetsEveryMessageOnceAndInOrder() {
        String id = given().auth()
                .oauth2(sam)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "type",
                        "CREATE_INDEX",
                        "target",
                        Map.of("database", "logicore", "schema", "routing"),
                        "payload",
                        Map.of("table", "stops", "columns", List.of("driver_id")),
                        "reason",
                        "stops by driver"))
                .post("/api/v1/requests")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        kafka.await("dbp.requests", r -> id.equals(r.key()), WAIT);

        // Slack is down for the next two posts: the approval waits in the queue and goes out on a retry.
        FakeSlackWebApi.outage(fake, "chat.postMessage", 2, 503, 0);
        kafka.send(
                "dbp.decisions", id, EventType.REQUEST_APPROVED, id, new RequestApproved(id, List.of("policy"), "LOW"));
        Call root = awaitCall(c -> c.method().equals("chat.postMessage")
                && c.param("channel").equals("U0SAM")
                && c.param("thread_ts").isEmpty()
                && c.param("text").contains(id));
        String thread = responseTs(root);
        awaitCall(c -> inThread(c, thread) && c.param("text").contains("Approved by policy"));

        // Then Slack rate-limits us once (429, Retry-After: 1): running and succeeded still arrive, in that order.
        FakeSlackWebApi.outage(fake, "chat.postMessage", 1, 429, 1);
        kafka.send("dbp.job-status", id, EventType.JOB_STARTED, id, new JobStarted(id, "migration-worker", null));
        kafka.send(
                "dbp.job-status",
                id,
                EventType.JOB_SUCCEEDED,
                id,
                new JobSucceeded(id, "index built", JSON.valueToTree(Map.of("index", "stops_driver_id_idx")), 900));
        awaitCall(c -> inThread(c, thread) && c.param("text").contains("Succeeded"));

        List<String> thread_ = FakeSlackWebApi.calls(fake).stream()
                .filter(c -> inThread(c, thread))
                .map(c -> c.param("text"))
                .toList();
        assertThat(thread_).hasSize(3);
        assertThat(thread_.get(0)).contains("Approved by policy");
        assertThat(thread_.get(1)).contains("Running on migration-worker");
        assertThat(thread_.get(2)).contains("Succeeded").contains("index built");
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("dbp_slack_notifications_total{outcome=\"retried\"}"));
    }

    @Test
    void highSeverityHealthFindingsGoToTheOpsChannelAndLowOnesDoNot() throws Exception {
        String resource = "logicore/routing.stops-" + UUID.randomUUID();
        // Same key, same partition: once the HIGH one is posted, the LOW one before it has been handled.
        kafka.send("dbp.health", resource, healthFinding(resource, "LOW", "hit rate 91 %"));
        kafka.send(
                "dbp.health",
                resource,
                healthFinding(
                        resource,
                        "HIGH",
                        "SELECT … FROM routing.stops WHERE eta > $1 takes 14 s on average (seq scan)"));
        Call alert = awaitCall(c -> c.method().equals("chat.postMessage")
                && c.param("channel").equals(FakeSlackResource.OPS_CHANNEL)
                && c.param("text").contains(resource));
        assertThat(alert.param("text")).contains("HIGH").contains("takes 14 s");
        assertThat(FakeSlackWebApi.calls(fake).stream()
                        .filter(c -> c.param("text").contains(resource))
                        .count())
                .isEqualTo(1);
    }

    private static com.logicore.dbp.events.EventEnvelope healthFinding(String resource, String severity, String message)
            throws Exception {
        // monitoring-service's HealthFinding contract is not in platform-events yet: its essential fields as JSON.
        byte[] data = JSON.writeValueAsBytes(
                Map.of("resource", resource, "kind", "SLOW_QUERY", "severity", severity, "message", message));
        return com.logicore.dbp.events.EventEnvelope.create(
                "/dbp/monitoring-service", EventType.HEALTH_FINDING, resource, data);
    }

    // --- Slack's payloads, as documented, signed as Slack signs them ---------------------------------------------

    /** A slash command: form-encoded fields as Slack sends them. */
    private String command(String userId, String text, String responseName, String triggerId) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", "gIkuvaNzQIHg97ATvDxqgjtO");
        form.put("team_id", "T0LOGICORE");
        form.put("team_domain", "logicore");
        form.put("channel_id", "C0ROUTING");
        form.put("channel_name", "routing-team");
        form.put("user_id", userId);
        form.put("user_name", userId.toLowerCase());
        form.put("command", "/db");
        form.put("text", text);
        form.put("api_app_id", "A0DBPBOT");
        form.put("is_enterprise_install", "false");
        form.put("response_url", fake + "/response/" + responseName);
        form.put("trigger_id", triggerId);
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** A button click: {@code payload=} JSON of type block_actions. */
    private String blockAction(String userId, String actionId, String value, String responseName) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", "block_actions");
        payload.put("user", Map.of("id", userId, "username", userId.toLowerCase(), "team_id", "T0LOGICORE"));
        payload.put("api_app_id", "A0DBPBOT");
        payload.put("token", "gIkuvaNzQIHg97ATvDxqgjtO");
        payload.put(
                "container",
                Map.of(
                        "type",
                        "message",
                        "message_ts",
                        "1700000000.000001",
                        "channel_id",
                        FakeSlackResource.APPROVERS_CHANNEL));
        payload.put("trigger_id", "trig-" + responseName);
        payload.put("team", Map.of("id", "T0LOGICORE", "domain", "logicore"));
        payload.put("channel", Map.of("id", FakeSlackResource.APPROVERS_CHANNEL, "name", "db-approvals"));
        payload.put("response_url", fake + "/response/" + responseName);
        payload.put(
                "actions",
                List.of(Map.of(
                        "action_id", actionId,
                        "block_id", "decision",
                        "value", value,
                        "type", "button",
                        "action_ts", "1700000001.000002")));
        return form(payload);
    }

    /** A modal submission: {@code payload=} JSON of type view_submission with the form's state. */
    private String viewSubmission(
            String userId, String callbackId, String privateMetadata, Map<String, String> values) {
        Map<String, Object> state = new LinkedHashMap<>();
        List<Map<String, Object>> blocks = new java.util.ArrayList<>();
        List<String> ids = callbackId.equals(SlackForms.REJECT)
                ? List.of("reason")
                : List.of("schema", "table", "columns", "reason");
        for (String block : ids) {
            blocks.add(Map.of(
                    "type",
                    "input",
                    "block_id",
                    block,
                    "label",
                    Map.of("type", "plain_text", "text", block),
                    "element",
                    Map.of("type", "plain_text_input", "action_id", "value")));
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("type", "plain_text_input");
            value.put("value", values.get(block));
            state.put(block, Map.of("value", value));
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", "view_submission");
        payload.put("team", Map.of("id", "T0LOGICORE", "domain", "logicore"));
        payload.put("user", Map.of("id", userId, "username", userId.toLowerCase(), "team_id", "T0LOGICORE"));
        payload.put("api_app_id", "A0DBPBOT");
        payload.put("token", "gIkuvaNzQIHg97ATvDxqgjtO");
        payload.put("trigger_id", "trig-submit-" + UUID.randomUUID());
        payload.put(
                "view",
                Map.of(
                        "id",
                        "V0FORM",
                        "type",
                        "modal",
                        "callback_id",
                        callbackId,
                        "private_metadata",
                        privateMetadata,
                        "blocks",
                        blocks,
                        "state",
                        Map.of("values", state)));
        return form(payload);
    }

    private static String form(Map<String, Object> payload) {
        try {
            return "payload=" + URLEncoder.encode(JSON.writeValueAsString(payload), StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private ValidatableResponse signedCommand(String body) {
        long now = System.currentTimeMillis() / 1000;
        return post("/slack/commands", body, now, sign(now, body));
    }

    private ValidatableResponse signedInteraction(String body) {
        long now = System.currentTimeMillis() / 1000;
        return post("/slack/interactions", body, now, sign(now, body));
    }

    private static String sign(long ts, String body) {
        return SlackRequestSigner.sign(FakeSlackResource.SIGNING_SECRET, ts, body);
    }

    private static ValidatableResponse post(String path, String body, long ts, String signature) {
        return given().contentType(ContentType.URLENC)
                .header("X-Slack-Request-Timestamp", String.valueOf(ts))
                .header("X-Slack-Signature", signature)
                .body(body)
                .post(path)
                .then();
    }

    // --- what the fake recorded ----------------------------------------------------------------------------------

    private Call awaitCall(Predicate<Call> match) {
        return await().atMost(WAIT)
                .until(() -> FakeSlackWebApi.calls(fake).stream().filter(match).findFirst(), found -> found.isPresent())
                .orElseThrow();
    }

    private static String responseTs(Call post) {
        assertThat(post.answeredTs()).as("the fake answered with a ts").isNotEmpty();
        return post.answeredTs();
    }

    private static boolean inThread(Call c, String threadTs) {
        return c.method().equals("chat.postMessage") && c.param("thread_ts").equals(threadTs);
    }

    private int requestCount() {
        return given().auth()
                .oauth2(ADMIN)
                .get("/api/v1/requests?team=routing&limit=200")
                .then()
                .statusCode(200)
                .extract()
                .path("items.size()");
    }

    private static String firstUuid(String text) {
        Matcher m = UUID_IN_TEXT.matcher(text);
        assertThat(m.find()).as("a request id in: %s", text).isTrue();
        return m.group();
    }

    private static io.restassured.specification.RequestSpecification admin() {
        return given().auth().oauth2(ADMIN).contentType(ContentType.JSON);
    }
}
