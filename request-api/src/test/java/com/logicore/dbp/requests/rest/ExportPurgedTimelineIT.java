package com.logicore.dbp.requests.rest;

import static com.logicore.dbp.requests.rest.AdminCalls.member;
import static com.logicore.dbp.requests.rest.AdminCalls.team;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.payload.ExportPurged;
import com.logicore.dbp.events.payload.JobStarted;
import com.logicore.dbp.events.payload.JobSucceeded;
import com.logicore.dbp.events.payload.RequestApproved;
import com.logicore.dbp.testkit.kafka.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * export-worker's ExportPurged over the real broker: the finished export's timeline says its files were purged, the
 * request stays SUCCEEDED, and its download answers 410 Gone.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportPurgedTimelineIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private KafkaTestClient kafka;

    @BeforeAll
    void connectKafka() {
        kafka = new KafkaTestClient(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    }

    @AfterAll
    void closeKafka() {
        kafka.close();
    }

    @Test
    void aPurgedExportIsNotedOnItsTimelineAndItsDownloadIsGone() {
        team("routing", false);
        String olga = member("routing", "olga", "REQUESTER");
        String id = given().auth()
                .oauth2(olga)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "type", "DATA_EXPORT",
                        "target", Map.of("database", "logicore", "schema", "routing"),
                        "payload", Map.of("tables", List.of("stops"), "format", "CSV", "purpose", "analytics")))
                .post("/api/v1/requests")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        Instant expiredAt = Instant.now().minusSeconds(60);
        var manifest = EventJson.mapper().createObjectNode().put("expiresAt", expiredAt.toString());
        manifest.putArray("files").addObject().put("name", "0123456789abcdef0123456789abcdef.csv");
        var result = EventJson.mapper().createObjectNode().set("manifest", manifest);
        kafka.send("dbp.decisions", id, EventType.REQUEST_APPROVED, id, new RequestApproved(id, List.of(), "masked"));
        kafka.send("dbp.job-status", id, EventType.JOB_STARTED, id, new JobStarted(id, "export-worker", "exporting"));
        kafka.send("dbp.job-status", id, EventType.JOB_SUCCEEDED, id, new JobSucceeded(id, "exported", result, 900));

        kafka.send(
                "dbp.job-status",
                id,
                EventType.EXPORT_PURGED,
                id,
                new ExportPurged(id, expiredAt, 1, "export expired at " + expiredAt + "; its 1 file(s) were purged"));

        await().atMost(WAIT).untilAsserted(() -> given().auth()
                .oauth2(olga)
                .get("/api/v1/requests/" + id)
                .then()
                .body("state", equalTo("SUCCEEDED"))
                .body("timeline.findAll { it.kind == 'NOTE' }.reason", hasItem(containsString("purged"))));
        given().auth()
                .oauth2(olga)
                .get("/api/v1/requests/" + id + "/download")
                .then()
                .statusCode(410)
                .contentType("application/problem+json");
    }
}
