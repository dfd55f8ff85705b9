package com.logicore.dbp.requests.rest;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;

/** Test set-up through the admin API: teams, members and their API tokens (the admin token of the test profile). */
final class AdminCalls {

    static final String ADMIN = "test-admin-token";

    private AdminCalls() {}

    static void team(String id, boolean reviewer) {
        given().auth()
                .oauth2(ADMIN)
                .contentType(ContentType.JSON)
                .body(Map.of("name", id, "reviewer", reviewer))
                .put("/api/v1/admin/teams/" + id)
                .then()
                .statusCode(200);
    }

    /** Puts {@code username} in {@code team} with {@code roles}; answers a fresh API token of theirs. */
    static String member(String team, String username, String... roles) {
        given().auth()
                .oauth2(ADMIN)
                .contentType(ContentType.JSON)
                .body(Map.of("roles", List.of(roles)))
                .put("/api/v1/admin/teams/" + team + "/members/" + username)
                .then()
                .statusCode(200);
        return given().auth()
                .oauth2(ADMIN)
                .contentType(ContentType.JSON)
                .body(Map.of("label", "test"))
                .post("/api/v1/admin/members/" + username + "/tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
    }
}
