package com.logicore.dbp.export.backup;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs PostgreSQL's client programs (pg_dump, pg_restore) from Debian's postgresql-client. The password travels in
 * the child's environment ({@code PGPASSWORD}), never on its command line, so it shows up in no process list or log.
 */
public final class PgTools {

    private final Path binDir;

    private PgTools(Path binDir) {
        this.binDir = binDir;
    }

    /** The configured directory, else the newest /usr/lib/postgresql/N/bin, else whatever is on PATH. */
    public static PgTools locate(Optional<String> configured) {
        if (configured.isPresent()) {
            return new PgTools(Path.of(configured.get()));
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Optional<Path> newest = versions.filter(v -> Files.isExecutable(v.resolve("bin/pg_dump")))
                        .max(Comparator.comparingInt(
                                v -> parseVersion(v.getFileName().toString())));
                if (newest.isPresent()) {
                    return new PgTools(newest.get().resolve("bin"));
                }
            } catch (IOException ignored) {
                // fall back to PATH
            }
        }
        return new PgTools(null);
    }

    /** A JDBC URL as libpq connection parameters: host, port, database. */
    public record Target(String host, int port, String database, String user, String password) {
        public static Target of(String jdbcUrl, String user, String password) {
            URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
            String path = uri.getPath();
            String database = path.startsWith("/") ? path.substring(1) : path;
            return new Target(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), database, user, password);
        }

        public Target withDatabase(String other) {
            return new Target(host, port, other, user, password);
        }

        List<String> args() {
            return List.of("--host", host, "--port", String.valueOf(port), "--username", user, "--dbname", database);
        }
    }

    /** pg_dump of one schema in the custom format. */
    public void dumpSchema(Target target, String schema, Path file) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(program("pg_dump"), "--format=custom", "--no-password"));
        command.addAll(target.args());
        command.addAll(List.of("--schema", schema, "--file", file.toString()));
        run(command, target.password());
    }

    /** pg_restore of a custom-format dump without owners or grants (the restoring role owns what it creates). */
    public void restore(Target target, Path file) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                program("pg_restore"),
                "--no-owner",
                "--no-acl",
                "--exit-on-error",
                "--single-transaction",
                "--no-password"));
        command.addAll(target.args());
        command.add(file.toString());
        run(command, target.password());
    }

    public String version() throws IOException, InterruptedException {
        return run(List.of(program("pg_dump"), "--version"), null).trim();
    }

    private String program(String name) {
        return binDir == null ? name : binDir.resolve(name).toString();
    }

    private static String run(List<String> command, String password) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.remove("PGPASSWORD");
        if (password != null) {
            env.put("PGPASSWORD", password);
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException(command.get(0) + " is not installed (Debian package postgresql-client)", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(6, TimeUnit.HOURS)) {
            process.destroyForcibly();
            throw new IOException(command.get(0) + " did not finish in time");
        }
        if (process.exitValue() != 0) {
            throw new IOException(Path.of(command.get(0)).getFileName() + " failed (exit " + process.exitValue() + "): "
                    + output.strip());
        }
        return output;
    }

    private static int parseVersion(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
