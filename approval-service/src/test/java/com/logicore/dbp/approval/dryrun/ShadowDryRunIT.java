package com.logicore.dbp.approval.dryrun;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.DriverManager;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** The dry run reports what PostgreSQL really does, on a shadow copy, without touching the team's tables. */
@QuarkusTest
class ShadowDryRunIT {

    @Inject
    ShadowDryRun dryRun;

    @Test
    void aPlainIndexTakesAShareLockWithoutRewriting() {
        var statement = only("CREATE INDEX stops_lat_idx ON routing.stops (lat)");
        assertThat(statement.locks()).contains("SHARE on routing.stops");
        assertThat(statement.rewritten()).isEmpty();
    }

    @Test
    void aVolatileDefaultRewritesTheTableUnderAnAccessExclusiveLock() {
        var statement = only("ALTER TABLE routing.stops ADD COLUMN external_id uuid DEFAULT gen_random_uuid()");
        assertThat(statement.locks()).contains("ACCESS EXCLUSIVE on routing.stops");
        assertThat(statement.rewritten()).containsExactly("routing.stops");
    }

    @Test
    void intToBigintRewritesTheTable() {
        var statement = only("ALTER TABLE stops ALTER COLUMN seq TYPE bigint");
        assertThat(statement.locks()).contains("ACCESS EXCLUSIVE on routing.stops");
        assertThat(statement.rewritten()).containsExactly("routing.stops");
    }

    @Test
    void notValidThenValidateTakesTheWeakerLockToValidate() {
        var report = dryRun.run(
                "routing",
                "routing",
                List.of(
                        "ALTER TABLE routing.stops ADD CONSTRAINT stops_route_fk FOREIGN KEY (route_id) REFERENCES routing.routes (id) NOT VALID;"
                                + " ALTER TABLE routing.stops VALIDATE CONSTRAINT stops_route_fk"));
        assertThat(report.statements()).hasSize(2);
        assertThat(report.statements().get(0).locks()).contains("SHARE ROW EXCLUSIVE on routing.stops");
        assertThat(report.statements().get(1).locks()).contains("SHARE UPDATE EXCLUSIVE on routing.stops");
        assertThat(report.statements()).allMatch(s -> s.rewritten().isEmpty());
    }

    @Test
    void aMigrationThatFailsHalfwayIsReportedAtTheFailingStatementAndChangesNothing() throws Exception {
        var report = dryRun.run(
                "routing",
                "routing",
                List.of(
                        "ALTER TABLE routing.stops ADD COLUMN note text;"
                                + " ALTER TABLE routing.no_such_table ADD COLUMN x int; ALTER TABLE routing.stops ADD COLUMN y int"));
        assertThat(report.failed()).isTrue();
        assertThat(report.statements()).hasSize(2);
        assertThat(report.statements().get(1).error()).contains("no_such_table");

        String url = ConfigProvider.getConfig().getValue("dbp.target.jdbc-url", String.class);
        try (var c = DriverManager.getConnection(url, "postgres", "")) {
            var columns = c.createStatement()
                    .executeQuery(
                            "SELECT count(*) FROM information_schema.columns"
                                    + " WHERE table_schema = 'routing' AND table_name = 'stops' AND column_name IN ('note', 'external_id')");
            columns.next();
            assertThat(columns.getInt(1))
                    .as("the team's real table is untouched")
                    .isZero();
            var shadows = c.createStatement()
                    .executeQuery("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'dbp_shadow_%'");
            shadows.next();
            assertThat(shadows.getInt(1)).as("no shadow schema left behind").isZero();
        }
    }

    private DryRunReport.StatementObservation only(String sql) {
        var report = dryRun.run("routing", "routing", List.of(sql));
        assertThat(report.skipped()).isNull();
        assertThat(report.statements()).hasSize(1);
        assertThat(report.statements().get(0).error()).isNull();
        return report.statements().get(0);
    }
}
