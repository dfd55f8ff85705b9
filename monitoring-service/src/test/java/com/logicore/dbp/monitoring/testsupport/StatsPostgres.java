package com.logicore.dbp.monitoring.testsupport;

import com.logicore.dbp.testkit.FreePorts;
import com.logicore.dbp.testkit.postgres.FreshPostgresDatabases;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private PostgreSQL cluster from the machine's own binaries with {@code pg_stat_statements} preloaded and HypoPG
 * created, holding the demo target database; monitoring connects as {@code dbp_monitor}, a role that can only read. Preloading needs a server start, and the machine's shared PostgreSQL
 * serves other builds that a restart would break; a cluster of our own on a free port needs no restart of anything.
 * HypoPG comes from Debian through {@code deploy/local/install-pg-extensions.sh}, run here (quick when installed).
 */
public class StatsPostgres implements QuarkusTestResourceLifecycleManager {

    private Path dataDir;
    private FreshPostgresDatabases databases;

    @Override
    public Map<String, String> start() {
        try {
            // packages only (TARGET_DB empty): this run's extensions are created in its own cluster below
            run(List.of("env", "TARGET_DB=", script("install-pg-extensions.sh").toString()), false);
            String bin = run(List.of("pg_config", "--bindir"), false).strip();
            dataDir = Files.createTempDirectory(Paths.get(System.getProperty("java.io.tmpdir")), "pg-stats-");
            boolean root = "root".equals(System.getProperty("user.name"));
            if (root) {
                run(List.of("chown", "postgres", dataDir.toString()), false);
            }
            run(
                    List.of(
                            bin + "/initdb",
                            "-D",
                            dataDir.toString(),
                            "-U",
                            "postgres",
                            "--auth=trust",
                            "-E",
                            "UTF8",
                            "--no-sync"),
                    root);
            int port = FreePorts.next();
            run(
                    List.of(
                            bin + "/pg_ctl",
                            "-D",
                            dataDir.toString(),
                            "-l",
                            dataDir.resolve("server.log").toString(),
                            "-w",
                            "-o",
                            "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dataDir
                                    + " -c shared_preload_libraries=pg_stat_statements -c fsync=off"
                                    + " -c pg_stat_statements.track=all",
                            "start"),
                    root);
            databases = FreshPostgresDatabases.start("127.0.0.1", port, "postgres");
            String db = databases.create("stats_target");
            databases.loadDemoTarget(db);
            try (var c = DriverManager.getConnection(databases.jdbcUrl(db), "postgres", "");
                    var s = c.createStatement()) {
                s.execute("CREATE EXTENSION pg_stat_statements");
                s.execute("CREATE EXTENSION hypopg");
                s.execute("ANALYZE");
                // monitoring reads as a least-privilege role, as deployed (deploy/local/install-pg-extensions.sh)
                s.execute("CREATE ROLE dbp_monitor LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE");
                s.execute("GRANT pg_read_all_data, pg_monitor TO dbp_monitor");
            }
            return Map.of(
                    "dbp.monitoring.target.jdbc-url",
                    databases.jdbcUrl(db),
                    "dbp.monitoring.target.username",
                    "dbp_monitor",
                    "quarkus.datasource.target.reactive.url",
                    databases.reactiveUrl(db),
                    "quarkus.datasource.target.username",
                    "postgres");
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("could not start the private PostgreSQL with pg_stat_statements: " + e, e);
        }
    }

    @Override
    public void stop() {
        try {
            if (databases != null) {
                databases.close();
            }
        } catch (Exception e) {
            System.err.println("stats-postgres: " + e);
        }
        if (dataDir != null) {
            try {
                String bin = run(List.of("pg_config", "--bindir"), false).strip();
                run(
                        List.of(bin + "/pg_ctl", "-D", dataDir.toString(), "-m", "immediate", "-w", "stop"),
                        "root".equals(System.getProperty("user.name")));
            } catch (Exception e) {
                System.err.println("stats-postgres: stop failed: " + e);
            }
            try (var paths = Files.walk(dataDir)) {
                paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (IOException e) {
                System.err.println("stats-postgres: cleanup failed: " + e);
            }
        }
        databases = null;
        dataDir = null;
    }

    /** A script of the project's {@code deploy/local}, found from the module directory. */
    public static Path script(String name) {
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("deploy/local").resolve(name))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "deploy/local/" + name + " not found above " + Paths.get("").toAbsolutePath());
        }
        return dir.resolve("deploy/local").resolve(name);
    }

    static String run(List<String> command, boolean asPostgres) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(180, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", full) + " failed: " + output);
        }
        return output;
    }
}
