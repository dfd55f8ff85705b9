package com.logicore.dbp.monitoring.health;

import static com.logicore.dbp.testkit.quarkus.ServiceSmokeChecks.*;

import com.logicore.dbp.monitoring.testsupport.StatsPostgres;
import com.logicore.dbp.testkit.quarkus.PlatformTestResources;
import com.logicore.dbp.testkit.quarkus.ServiceSmokeChecks;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;

/**
 * monitoring-service starts against the testkit's real servers and reports ready only with each dependency checked. Declares
 * the module's one set of test resources, shared by all its tests so Quarkus starts once: the testkit's Kafka, Mongo
 * and Redis, and a private PostgreSQL with pg_stat_statements and HypoPG holding the demo target database.
 */
@QuarkusTest
@QuarkusTestResource(
        value = PlatformTestResources.class,
        initArgs = @ResourceArg(name = PlatformTestResources.NEEDS, value = "mongo,kafka,redis"))
@QuarkusTestResource(StatsPostgres.class)
class ServiceReadinessIT extends ServiceSmokeChecks {

    @Override
    protected List<String> expectedReadinessChecks() {
        return List.of(POSTGRES, KAFKA, REDIS, MONGO);
    }

    @Override
    protected boolean hasRestApi() {
        return true;
    }
}
