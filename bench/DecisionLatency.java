import com.fasterxml.jackson.databind.JsonNode;
import com.logicore.dbp.approval.dryrun.DryRunConfig;
import com.logicore.dbp.approval.dryrun.ShadowDryRun;
import com.logicore.dbp.approval.policy.PolicyFile;
import com.logicore.dbp.approval.policy.PolicyInput;
import com.logicore.dbp.approval.policy.PolicyRules;
import com.logicore.dbp.approval.policy.TableFacts;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.RequestType;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Latency of one policy decision on a SCHEMA_CHANGE (p50/p99), without the dry run (pure analysis) and with the dry
 * run on the local demo database (shadow schema, team role). Run with bench/decision-latency.sh.
 */
public class DecisionLatency {

    private static final String MIGRATION = "ALTER TABLE routing.stops ADD COLUMN window_id bigint;"
            + " CREATE INDEX CONCURRENTLY stops_window_idx ON routing.stops (window_id);"
            + " ALTER TABLE routing.routes ALTER COLUMN distance_km TYPE numeric(9,2);"
            + " COMMENT ON COLUMN routing.stops.window_id IS 'delivery window (RFC-118)'";

    public static void main(String[] args) {
        String jdbcUrl = args.length > 0 ? args[0] : "jdbc:postgresql://127.0.0.1:5432/logicore";
        PolicyRules rules = new PolicyRules(defaultPolicy(), "local");
        JsonNode payload = EventJson.mapper().valueToTree(Map.of("migrations",
                List.of(Map.of("version", "42", "description", "delivery windows", "sql", MIGRATION))));
        Map<String, TableFacts> touched = Map.of(
                "routing.stops", new TableFacts(40_000, 6_000_000, Set.of("id")),
                "routing.routes", new TableFacts(5_000, 900_000, Set.of("id")));
        var input = new PolicyInput(RequestType.SCHEMA_CHANGE, "routing", "logicore", "routing", Optional.of("routing"),
                Set.of("routing"), payload, Optional.empty(), touched, Set.of(), Optional.empty(), null);

        long[] withoutDryRun = measure(20_000, 50_000, () -> rules.evaluate(input));
        report("decision without dry run", withoutDryRun);

        ShadowDryRun dryRun = new ShadowDryRun(new LocalTarget(jdbcUrl));
        long[] withDryRun = measure(5, 50, () -> {
            var report = dryRun.run("routing", "routing", List.of(MIGRATION));
            if (report.skipped() != null) {
                throw new IllegalStateException(report.skipped());
            }
            rules.evaluate(new PolicyInput(input.type(), input.team(), input.database(), input.schema(), input.owner(),
                    input.ownedSchemas(), payload, Optional.empty(), touched, Set.of(), Optional.empty(), report));
        });
        report("decision with dry run   ", withDryRun);
    }

    /** The policy file the service ships with, read from the built service's classpath. */
    private static PolicyFile defaultPolicy() {
        try (var in = DecisionLatency.class.getClassLoader().getResourceAsStream("policy/default-policy.yaml")) {
            return PolicyFile.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long[] measure(int warmup, int runs, Runnable work) {
        for (int i = 0; i < warmup; i++) {
            work.run();
        }
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            work.run();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static void report(String label, long[] sorted) {
        System.out.printf("%s: n=%d p50=%.3f ms p99=%.3f ms max=%.3f ms%n", label, sorted.length,
                sorted[sorted.length / 2] / 1e6, sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1e6,
                sorted[sorted.length - 1] / 1e6);
    }

    /** The local demo target, as deploy/local sets it up. */
    private record LocalTarget(String jdbcUrl) implements DryRunConfig {
        public String teamRolePrefix() { return "team_"; }
        public Optional<String> teamPassword() { return Optional.empty(); }
        public String adminUser() { return "postgres"; }
        public Optional<String> adminPassword() { return Optional.empty(); }
        public boolean dryRunEnabled() { return true; }
        public Duration dryRunStatementTimeout() { return Duration.ofSeconds(10); }
    }
}
