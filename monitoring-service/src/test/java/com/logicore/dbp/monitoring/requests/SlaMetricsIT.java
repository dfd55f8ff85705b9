package com.logicore.dbp.monitoring.requests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.events.payload.JobFailed;
import com.logicore.dbp.monitoring.testsupport.PlatformEvents;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The SLA figures reach Prometheus as requests move through their states. */
@QuarkusTest
class SlaMetricsIT {

    @Test
    void turnaroundDecisionLatencyJobFailuresAndTheQueueAreExported() {
        double failuresBefore = value("dbp_jobs_failures_total\\{kind=\"BACKUP\"[^}]*}");
        String waiting = UUID.randomUUID().toString();
        String failed = UUID.randomUUID().toString();
        try (var events = new PlatformEvents()) {
            // Given a BACKUP that waits for a human, and one that was approved and failed after 4 s
            events.submitted(waiting, RequestType.BACKUP, "fleet", "fleet", Map.of("schema", "fleet"), Instant.now());
            events.awaitingApproval(waiting);
            events.submitted(
                    failed,
                    RequestType.BACKUP,
                    "fleet",
                    "fleet",
                    Map.of("schema", "fleet"),
                    Instant.now().minusSeconds(30));
            events.approved(failed);
            events.started(failed);
            events.kafka()
                    .send(
                            "dbp.job-status",
                            failed,
                            EventType.JOB_FAILED,
                            failed,
                            new JobFailed(failed, "pg_dump: disk full", true, 4000));
        }
        // Then Prometheus sees the turnaround and decision latency of the BACKUP type, the failed job by kind,
        // and (after the next refresh) the approval queue and the requests by type and state
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            assertThat(value("dbp_requests_turnaround_seconds_count\\{[^}]*type=\"BACKUP\"[^}]*}"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(value("dbp_requests_decision_latency_seconds_count\\{[^}]*type=\"BACKUP\"[^}]*}"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(value("dbp_jobs_failures_total\\{kind=\"BACKUP\"[^}]*}")).isEqualTo(failuresBefore + 1);
            assertThat(value("dbp_jobs_duration_seconds_count\\{kind=\"BACKUP\",outcome=\"failed\"[^}]*}"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(value("dbp_approval_queue_depth(\\{[^}]*})?")).isGreaterThanOrEqualTo(1);
            assertThat(given().get("/q/metrics").then().extract().asString())
                    .containsPattern("(?m)^dbp_approval_queue_oldest_age_seconds(\\{[^}]*})? ");
            assertThat(value("dbp_requests\\{[^}]*state=\"FAILED\",type=\"BACKUP\"[^}]*}"))
                    .isGreaterThanOrEqualTo(1);
        });
    }

    /** The value of the first sample matching, or 0 when there is none. */
    private static double value(String sample) {
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + sample + " ([0-9.eE+-]+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(m.groupCount())) : 0;
    }
}
