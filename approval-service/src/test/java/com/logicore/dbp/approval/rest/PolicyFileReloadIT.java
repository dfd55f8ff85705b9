package com.logicore.dbp.approval.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The policy file in force, and what happens when it changes: a valid change is picked up, an invalid one refused. */
@QuarkusTest
class PolicyFileReloadIT {

    private static final String TOKEN = "test-service-token";

    private Path file;
    private String original;

    @BeforeEach
    void rememberTheFile() throws Exception {
        file = Path.of(ConfigProvider.getConfig().getValue("dbp.policy.file", String.class));
        original = Files.readString(file, StandardCharsets.UTF_8);
    }

    @AfterEach
    void restoreTheFile() throws Exception {
        Files.writeString(file, original, StandardCharsets.UTF_8);
        given().auth().oauth2(TOKEN).post("/api/v1/policy/reload").then().statusCode(200);
    }

    @Test
    void showsThePolicyInForceAndTheSettingsATeamGets() {
        given().get("/api/v1/policy").then().statusCode(401);
        given().auth()
                .oauth2(TOKEN)
                .queryParam("database", "logicore")
                .queryParam("team", "analytics")
                .get("/api/v1/policy")
                .then()
                .statusCode(200)
                .body("version", equalTo(1))
                .body("environment", equalTo("local"))
                .body("policy.pii.logicore.'fleet.drivers'.phone.method", equalTo("PARTIAL"))
                .body("effective.accessGrant.maxHours", equalTo(336))
                .body("effective.autoApprove.QUERY_REVIEW", equalTo("HIGH"));
    }

    @Test
    void aChangedFileIsPutInForceWithoutARestart() throws Exception {
        Files.writeString(
                file,
                original.replace("version: 1", "version: 2").replace("maxHours: 168", "maxHours: 48"),
                StandardCharsets.UTF_8);
        // The scheduled check (every second in tests) picks the change up by itself.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth()
                .oauth2(TOKEN)
                .queryParam("database", "logicore")
                .queryParam("team", "routing")
                .get("/api/v1/policy")
                .then()
                .body("version", equalTo(2))
                .body("effective.accessGrant.maxHours", equalTo(48)));
    }

    @Test
    void anInvalidFileIsRefusedWithTheReasonAndThePreviousPolicyStays() throws Exception {
        Files.writeString(
                file,
                original.replace("version: 1", "version: 3").replace("maxHours: 168", "maxHours: -5"),
                StandardCharsets.UTF_8);
        given().auth()
                .oauth2(TOKEN)
                .post("/api/v1/policy/reload")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("detail", containsString("accessGrant.maxHours must be 1 to 720"))
                .body("detail", containsString("version 1 stays in force"));
        var shown = given().auth()
                .oauth2(TOKEN)
                .get("/api/v1/policy")
                .then()
                .statusCode(200)
                .extract();
        assertThat(shown.path("version").toString()).isEqualTo("1");
        assertThat(shown.path("lastRefusal.reason").toString()).contains("accessGrant.maxHours");
    }
}
