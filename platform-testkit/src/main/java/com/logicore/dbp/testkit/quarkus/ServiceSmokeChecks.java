package com.logicore.dbp.testkit.quarkus;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What every platform service must show once started against the real servers: readiness that checks each real
 * dependency and is UP, liveness, Prometheus metrics, the HTTP request id echoed for log correlation, and OpenAPI
 * with Swagger UI where it has REST. A service's smoke test extends this and names its readiness checks.
 */
public abstract class ServiceSmokeChecks {

    public static final String POSTGRES = "Reactive PostgreSQL connections health check";
    public static final String KAFKA = "Kafka connection health check";
    public static final String REDIS = "Redis";
    public static final String MONGO = "MongoDB connection health check";

    /** The readiness checks this service must report: one per real dependency it uses. */
    protected abstract List<String> expectedReadinessChecks();

    /** Whether the service has a REST API (and so OpenAPI and Swagger UI). */
    protected boolean hasRestApi() {
        return false;
    }

    @Test
    void readinessChecksEveryRealDependencyAndIsUp() {
        given().when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItems(expectedReadinessChecks().toArray(String[]::new)))
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

    @Test
    void servesOpenApiAndSwaggerUi() {
        Assumptions.assumeTrue(hasRestApi(), "no REST API");
        given().when().get("/q/openapi?format=json").then().statusCode(200).body("openapi", containsString("3."));
        given().when().get("/q/swagger-ui/").then().statusCode(200);
    }
}
