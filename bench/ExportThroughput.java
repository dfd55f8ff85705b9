import com.logicore.dbp.events.request.DataExportPayload;
import com.logicore.dbp.export.exporting.CopyExporter;
import com.logicore.dbp.export.exporting.ExportFormat;
import com.logicore.dbp.export.masking.MaskingRule;
import com.logicore.dbp.export.masking.MaskingViewGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Masked CSV.gz export throughput, side by side on the same data in one run: export-worker's COPY path (masking view,
 * masked role, READ ONLY transaction, gzip + SHA-256 in process) against psql's \copy of the same view piped through
 * gzip, plus psql on the raw table for reference. Run with bench/export-throughput.sh (which prepares the database).
 */
public class ExportThroughput {

    private static final int RUNS = 5;

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String database = args[1];
        Path dir = Files.createTempDirectory("export-bench-");
        prepareViews(url);
        long rows;
        try (Connection c = DriverManager.getConnection(url, "postgres", null)) {
            var rs = c.createStatement().executeQuery("SELECT count(*) FROM deliveries.deliveries");
            rs.next();
            rows = rs.getLong(1);
        }
        System.out.printf("rows: %,d (deliveries.deliveries, 3 PII columns masked)%n", rows);

        String select = "SELECT * FROM deliveries_masked.deliveries";
        double[] worker = new double[RUNS];
        double[] psqlMasked = new double[RUNS];
        double[] psqlRaw = new double[RUNS];
        // One warm-up of each (a worker's JVM is warm in production), then interleaved runs so both paths see the
        // same cache and machine load; the per-run ratio is the robust figure on a shared machine.
        workerExport(url, select, dir.resolve("worker.csv.gz"), rows);
        psql(database, "dbp_export_masked", select, dir.resolve("psql.csv.gz"));
        double[] ratios = new double[RUNS];
        for (int run = 0; run < RUNS; run++) {
            worker[run] = rows / seconds(() -> workerExport(url, select, dir.resolve("worker.csv.gz"), rows));
            psqlMasked[run] = rows / seconds(() -> psql(database, "dbp_export_masked", select, dir.resolve("psql.csv.gz")));
            psqlRaw[run] = rows / seconds(() -> psql(database, "postgres", "SELECT * FROM deliveries.deliveries",
                    dir.resolve("raw.csv.gz")));
            ratios[run] = worker[run] / psqlMasked[run];
        }
        double w = median(worker);
        double p = median(psqlMasked);
        System.out.printf("export-worker masked CSV.gz  : %,10.0f rows/s (median of %d; runs %s)%n", w, RUNS, fmt(worker));
        System.out.printf("psql \\copy masked | gzip     : %,10.0f rows/s (median of %d; runs %s)%n", p, RUNS, fmt(psqlMasked));
        System.out.printf("psql \\copy raw | gzip (ref.) : %,10.0f rows/s (median of %d; runs %s)%n", median(psqlRaw), RUNS, fmt(psqlRaw));
        System.out.printf("ratio of medians worker/psql : %.2fx (target >= 0.8x)%n", w / p);
        System.out.printf("median per-run ratio         : %.2fx (runs %s)%n", median(ratios),
                Arrays.stream(ratios).mapToObj(r -> String.format("%.2f", r)).toList());
        System.out.printf("file sizes: worker %,d bytes, psql %,d bytes%n",
                Files.size(dir.resolve("worker.csv.gz")), Files.size(dir.resolve("psql.csv.gz")));
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    private interface Work {
        void run() throws Exception;
    }

    private static double seconds(Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }

    private static void workerExport(String url, String select, Path file, long expected) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "dbp_export_masked", null)) {
            try (var s = c.createStatement()) {
                s.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
                s.execute("SET statement_timeout = 3600000");
                s.execute("SET TimeZone = 'UTC'");
                s.execute("SET DateStyle = 'ISO, YMD'");
            }
            c.setAutoCommit(false);
            var columns = CopyExporter.columns(c, select, Map.of());
            Files.deleteIfExists(file);
            var exported = CopyExporter.export(
                    c, select, ExportFormat.of(DataExportPayload.Format.CSV, DataExportPayload.Compression.GZIP),
                    columns, file, n -> {});
            c.commit();
            if (exported.rows() != expected) {
                throw new IllegalStateException("exported " + exported.rows() + " rows, expected " + expected);
            }
        }
    }

    private static void psql(String database, String user, String select, Path file) throws Exception {
        String command = "psql -h 127.0.0.1 -U " + user + " -d " + database + " -X -q -c \"\\copy (" + select
                + ") TO STDOUT WITH (FORMAT csv, HEADER true)\" | gzip > " + file;
        Process p = new ProcessBuilder("bash", "-o", "pipefail", "-c", command).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("psql failed: " + command);
        }
    }

    // The same views, salt table and role the worker creates (ExportRoles), from the same generator.
    private static void prepareViews(String url) throws Exception {
        var rules = List.of(
                new MaskingRule("deliveries", "deliveries", "customer_name", MaskingRule.Method.REDACT, 0),
                new MaskingRule("deliveries", "deliveries", "customer_phone", MaskingRule.Method.PARTIAL, 2),
                new MaskingRule("deliveries", "deliveries", "customer_email", MaskingRule.Method.HASH, 0));
        try (Connection c = DriverManager.getConnection(url, "postgres", null); var s = c.createStatement()) {
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dbp_export_masked') THEN"
                    + " CREATE ROLE dbp_export_masked LOGIN NOSUPERUSER NOINHERIT; END IF; END $$");
            s.execute("CREATE SCHEMA IF NOT EXISTS dbp_masking");
            s.execute("CREATE TABLE IF NOT EXISTS dbp_masking.salt (salt text NOT NULL)");
            s.execute("DELETE FROM dbp_masking.salt; INSERT INTO dbp_masking.salt VALUES ('bench-salt')");
            s.execute("CREATE SCHEMA IF NOT EXISTS deliveries_masked");
            s.execute("GRANT USAGE ON SCHEMA deliveries_masked TO dbp_export_masked");
            List<MaskingViewGenerator.Column> columns = new ArrayList<>();
            var rs = s.executeQuery("SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid ="
                    + " 'deliveries.deliveries'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum");
            while (rs.next()) {
                columns.add(new MaskingViewGenerator.Column(rs.getString(1), rs.getString(2)));
            }
            s.execute("DROP VIEW IF EXISTS deliveries_masked.deliveries");
            s.execute(MaskingViewGenerator.createView("deliveries", "deliveries", columns, rules));
            s.execute("GRANT SELECT ON deliveries_masked.deliveries TO dbp_export_masked");
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String fmt(double[] values) {
        return Arrays.stream(values).mapToObj(v -> String.format("%,.0f", v)).toList().toString();
    }
}
