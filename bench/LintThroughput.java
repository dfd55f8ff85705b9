import com.logicore.dbp.approval.lint.MigrationLinter;
import java.util.Set;

/**
 * Static-analysis throughput of the migration linter, one thread: statements per second over a realistic mixed
 * migration, after a warm-up. Run with bench/lint-throughput.sh.
 */
public class LintThroughput {

    private static final String MIGRATION = String.join("\n",
            "-- V42: delivery windows for routes",
            "CREATE TABLE routing.delivery_windows (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,",
            "  route_id bigint NOT NULL, opens_at timestamptz NOT NULL, closes_at timestamptz NOT NULL, note text);",
            "CREATE INDEX delivery_windows_route_idx ON routing.delivery_windows (route_id);",
            "ALTER TABLE routing.stops ADD COLUMN window_id bigint;",
            "ALTER TABLE routing.stops ADD CONSTRAINT stops_window_fk FOREIGN KEY (window_id)",
            "  REFERENCES routing.delivery_windows (id) NOT VALID;",
            "ALTER TABLE routing.stops VALIDATE CONSTRAINT stops_window_fk;",
            "COMMENT ON TABLE routing.delivery_windows IS 'when a customer accepts deliveries; see RFC-118';",
            "UPDATE routing.stops SET window_id = NULL WHERE route_id < 0;",
            "CREATE FUNCTION routing.window_length(w routing.delivery_windows) RETURNS interval LANGUAGE sql",
            "  IMMUTABLE AS $$ SELECT w.closes_at - w.opens_at $$;",
            "ALTER TABLE routing.routes ALTER COLUMN distance_km TYPE numeric(9,2);");
    private static final int STATEMENTS_PER_SCRIPT = 10;

    public static void main(String[] args) {
        var linter = new MigrationLinter();
        var owned = Set.of("routing");
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 5;
        int findings = 0;
        for (int i = 0; i < 20_000; i++) { // warm-up
            findings += linter.lintScript(MIGRATION, "payload.migrations[0].sql", owned).size();
        }
        long scripts = 0;
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            findings += linter.lintScript(MIGRATION, "payload.migrations[0].sql", owned).size();
            scripts++;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf("lint throughput: %.0f statements/s (%d scripts of %d statements in %.1f s, one thread; %d findings)%n",
                scripts * STATEMENTS_PER_SCRIPT / elapsed, scripts, STATEMENTS_PER_SCRIPT, elapsed, findings);
    }
}
