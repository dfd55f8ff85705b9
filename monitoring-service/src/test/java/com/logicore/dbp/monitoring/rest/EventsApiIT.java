package com.logicore.dbp.monitoring.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.logicore.dbp.monitoring.testsupport.PlatformEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Ops page through the stored timeline with filters and a cursor, and get the request figures. */
@QuarkusTest
class EventsApiIT {

    private static final String OPS = "test-ops-token";

    @Test
    void aTeamsEventsComeBackPageByPageOnceEachInOrder() {
        String team = "t" + UUID.randomUUID().toString().substring(0, 8);
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        Instant before = Instant.now().minusSeconds(1);
        try (var events = new PlatformEvents()) {
            events.createIndexSubmitted(first, team);
            events.awaitingApproval(first);
            events.createIndexSubmitted(second, team);
            events.approved(second);
            events.started(second);
            events.createIndexSubmitted(UUID.randomUUID().toString(), "someone-else");
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        page("team=" + team + "&limit=100").getList("items").size() == 5);

        // Given five events of the team, When ops page through them two at a time
        List<String> ids = new ArrayList<>();
        List<Integer> seqs = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonPath page = page("team=" + team + "&limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            ids.addAll(page.getList("items.id"));
            seqs.addAll(page.getList("items.seq"));
            cursor = page.getString("next");
            pages++;
        } while (cursor != null && pages < 10);

        // Then they get each event once, in timeline order, in three pages
        assertThat(ids).hasSize(5).doesNotHaveDuplicates();
        assertThat(seqs).isSorted();
        assertThat(pages).isEqualTo(3);

        // And the filters narrow it down
        assertThat(page("request=" + second).getList("items.type"))
                .containsExactly(
                        "com.logicore.dbp.request.submitted.v1",
                        "com.logicore.dbp.request.approved.v1",
                        "com.logicore.dbp.job.started.v1");
        assertThat(page("team=" + team + "&type=request.submitted").getList("items.requestId"))
                .containsExactly(first, second);
        assertThat(page("team=" + team + "&type=CREATE_INDEX").getList("items")).hasSize(5);
        assertThat(page("team=" + team + "&from=" + before).getList("items")).hasSize(5);
        assertThat(page("team=" + team + "&to=" + before).getList("items")).isEmpty();

        // And the request view knows where each request stands
        given().auth()
                .oauth2(OPS)
                .get("/api/v1/ops/requests")
                .then()
                .statusCode(200)
                .body("approvalQueue.find { it.requestId == '" + first + "' }.team", equalTo(team));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth()
                .oauth2(OPS)
                .get("/api/v1/ops/jobs")
                .then()
                .body("find { it.requestId == '" + second + "' }.type", equalTo("CREATE_INDEX")));
    }

    @Test
    void aBadCursorOrTimeIsA400NamingTheField() {
        given().auth()
                .oauth2(OPS)
                .get("/api/v1/events?cursor=abc")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("cursor"));
        given().auth()
                .oauth2(OPS)
                .get("/api/v1/events?from=yesterday")
                .then()
                .statusCode(400)
                .body("field", equalTo("from"));
    }

    private static JsonPath page(String query) {
        return given().auth()
                .oauth2(OPS)
                .get("/api/v1/events?" + query)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }
}
