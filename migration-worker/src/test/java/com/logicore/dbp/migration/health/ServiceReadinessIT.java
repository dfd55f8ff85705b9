package com.logicore.dbp.migration.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

import com.logicore.dbp.testkit.quarkus.PlatformTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** migration-worker starts against the real servers of the testkit and reports ready only with each dependency checked. */
@QuarkusTest
@QuarkusTestResource(
        value = PlatformTestResources.class,
        initArgs = @ResourceArg(name = PlatformTestResources.NEEDS, value = "postgres,target,kafka,redis"))
class ServiceReadinessIT {

    @Test
    void readinessChecksEveryRealDependencyAndIsUp() {
        given().when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", is("UP"))
                .body(
                        "checks.name",
                        hasItems(
                                "Reactive PostgreSQL connections health check",
                                "Kafka connection health check",
                                "Redis"))
                .body("checks.status", everyItem(is("UP")));
    }

    @Test
    void isLive() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
    }

    @Test
    void exposesPrometheusMetrics() {
        given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("jvm_memory_used_bytes"))
                .body(containsString("process_uptime_seconds"));
    }

    @Test
    void echoesTheHttpRequestIdForLogCorrelation() {
        given().header("X-Request-Id", "smoke-42")
                .when()
                .get("/q/health/live")
                .then()
                .header("X-Request-Id", "smoke-42");
    }
}
