package com.logicore.dbp.migration.bench;

import static com.logicore.dbp.migration.support.WorkerHarness.migration;
import static com.logicore.dbp.migration.support.WorkerHarness.schemaChange;

import com.logicore.dbp.migration.support.WorkerHarness;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Not a test (its name matches neither *Test nor *IT): a benchmark run by bench/migration-overhead.sh. Applies the
 * same one-statement migration (ADD COLUMN on a 500-row table) N times through the worker (JobRequested on the real
 * broker → JobSucceeded on dbp.job-status) and N times with psql as the same team role, interleaved, and prints p50 /
 * p95 / max of each side by side. Asserts nothing about speed.
 */
@QuarkusTest
class MigrationOverheadBench {

    @Test
    void measure() throws Exception {
        int runs = Integer.getInteger("bench.runs", 15);
        int warmup = 3;
        try (var worker = new WorkerHarness()) {
            String viaWorker = worker.freshSchemaOf("routing");
            String viaPsql = worker.freshSchemaOf("routing");
            String jdbcUrl = ConfigProvider.getConfig().getValue("dbp.target.jdbc-url", String.class);
            URI target = URI.create(jdbcUrl.substring("jdbc:".length()));
            List<Long> endToEnd = new ArrayList<>();
            List<Long> insideWorker = new ArrayList<>();
            List<Long> psql = new ArrayList<>();
            List<Long> jdbc = new ArrayList<>();
            for (int i = 1; i <= warmup + runs; i++) {
                String statement = "ALTER TABLE parcels ADD COLUMN c" + i + " integer";

                long start = System.nanoTime();
                var job = worker.send(schemaChange(
                        "routing", viaWorker, List.of(migration(String.valueOf(i), "c" + i, statement + ";"))));
                var done = worker.succeeded(job);
                long workerMillis = (System.nanoTime() - start) / 1_000_000;

                start = System.nanoTime();
                Process process = new ProcessBuilder(
                                "psql",
                                "-X",
                                "-q",
                                "-v",
                                "ON_ERROR_STOP=1",
                                "-h",
                                target.getHost(),
                                "-p",
                                String.valueOf(target.getPort()),
                                "-U",
                                "team_routing",
                                "-d",
                                target.getPath().substring(1),
                                "-c",
                                "SET search_path TO " + viaPsql + "; " + statement)
                        .redirectErrorStream(true)
                        .start();
                String output = new String(process.getInputStream().readAllBytes());
                if (process.waitFor() != 0) {
                    throw new IllegalStateException("psql failed: " + output);
                }
                long psqlMillis = (System.nanoTime() - start) / 1_000_000;

                start = System.nanoTime();
                try (var c = DriverManager.getConnection(jdbcUrl, "team_routing", "")) {
                    c.createStatement().execute("ALTER TABLE " + viaPsql + ".parcels ADD COLUMN j" + i + " integer");
                }
                long jdbcMillis = (System.nanoTime() - start) / 1_000_000;

                if (i > warmup) {
                    endToEnd.add(workerMillis);
                    insideWorker.add(done.durationMillis());
                    psql.add(psqlMillis);
                    jdbc.add(jdbcMillis);
                }
            }
            String report = String.join(
                    "\n",
                    "migration overhead: one-statement migration (ALTER TABLE parcels ADD COLUMN, 500 rows), " + runs
                            + " runs after " + warmup + " warm-up, milliseconds",
                    String.format(Locale.ROOT, "%-52s %8s %8s %8s", "", "p50", "p95", "max"),
                    row("worker, JobRequested sent -> JobSucceeded seen", endToEnd),
                    row("worker, job execution (lock, Flyway, records)", insideWorker),
                    row("psql -c as team_routing (process start included)", psql),
                    row("plain JDBC as team_routing (connect + statement)", jdbc));
            System.out.println("\n" + report + "\n");
            Path out = Path.of("target", "bench", "migration-overhead.txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report + "\n");
        }
    }

    private static String row(String label, List<Long> millis) {
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return String.format(
                Locale.ROOT,
                "%-52s %8d %8d %8d",
                label,
                sorted.get(sorted.size() / 2),
                sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.95) - 1)),
                sorted.get(sorted.size() - 1));
    }
}
