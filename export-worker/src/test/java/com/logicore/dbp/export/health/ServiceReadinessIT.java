package com.logicore.dbp.export.health;

import static com.logicore.dbp.testkit.quarkus.ServiceSmokeChecks.*;

import com.logicore.dbp.testkit.quarkus.PlatformTestResources;
import com.logicore.dbp.testkit.quarkus.ServiceSmokeChecks;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;

/**
 * export-worker starts against the testkit's real servers and reports ready only with each dependency checked. Declares
 * the module's one set of test resources, shared by all its tests so Quarkus starts once.
 */
@QuarkusTest
@QuarkusTestResource(
        value = PlatformTestResources.class,
        initArgs = @ResourceArg(name = PlatformTestResources.NEEDS, value = "postgres,target,mongo,kafka,redis"))
class ServiceReadinessIT extends ServiceSmokeChecks {

    @Override
    protected List<String> expectedReadinessChecks() {
        return List.of(POSTGRES, KAFKA, REDIS, MONGO);
    }
}
