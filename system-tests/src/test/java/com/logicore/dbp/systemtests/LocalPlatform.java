package com.logicore.dbp.systemtests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Drives {@code deploy/local/platform} for system tests: its own home folder, ports shifted away from a developer's
 * running platform, databases with their own suffix, and the build left to Maven.
 */
final class LocalPlatform {

    /** What one run of the script printed and how it ended. */
    record Result(int exitCode, String output) {}

    static final int PORT_OFFSET = 20_000;

    private final Path repoRoot;
    private final Path home;
    private final String dbSuffix;
    private final Map<String, String> extraEnv = new HashMap<>();

    LocalPlatform(Path home) {
        this.repoRoot = findRepoRoot();
        this.home = home;
        this.dbSuffix = "_st" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
    }

    LocalPlatform withEnv(String name, String value) {
        extraEnv.put(name, value);
        return this;
    }

    Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(repoRoot.resolve("deploy/local/platform").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("DBP_HOME", home.toString());
        builder.environment().put("DBP_PORT_OFFSET", String.valueOf(PORT_OFFSET));
        builder.environment().put("DBP_DB_SUFFIX", dbSuffix);
        builder.environment().put("DBP_SKIP_BUILD", "1");
        builder.environment().put("DBP_DEMO_LOCATIONS", "3000");
        builder.environment().remove("MONGODB_URI");
        builder.environment().putAll(extraEnv);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        System.out.println("$ platform " + String.join(" ", args) + "\n" + output);
        return new Result(process.exitValue(), output);
    }

    int servicePort(String service) {
        return PORT_OFFSET
                + switch (service) {
                    case "request-api" -> 8080;
                    case "approval-service" -> 8081;
                    case "migration-worker" -> 8082;
                    case "export-worker" -> 8083;
                    case "monitoring-service" -> 8084;
                    default -> throw new IllegalArgumentException(service);
                };
    }

    String kafkaBootstrap() {
        return "127.0.0.1:" + (9092 + PORT_OFFSET);
    }

    String mongoUri() {
        return "mongodb://127.0.0.1:" + (27017 + PORT_OFFSET);
    }

    String targetJdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:5432/logicore" + dbSuffix;
    }

    /** The demo API tokens the first `up` created, by user name (alice, erin, ...). */
    Map<String, String> demoTokens() throws IOException {
        Map<String, String> tokens = new HashMap<>();
        for (String line : Files.readAllLines(home.resolve("data/demo-tokens.env"))) {
            // DBP_TOKEN_ALICE=dbp_...  # alice: team routing, REQUESTER
            String name =
                    line.substring("DBP_TOKEN_".length(), line.indexOf('=')).toLowerCase(java.util.Locale.ROOT);
            tokens.put(
                    name,
                    line.substring(line.indexOf('=') + 1, line.indexOf(' ')).trim());
        }
        return tokens;
    }

    /** A generated secret of this platform home (admin-token, ops-token). */
    String secret(String name) throws IOException {
        return Files.readString(home.resolve("data/secrets/" + name)).trim();
    }

    /** Process ids from the run folder's pid files, by component name. */
    Map<String, Long> recordedPids() throws IOException {
        Map<String, Long> pids = new HashMap<>();
        Path dir = home.resolve("run/pids");
        if (!Files.isDirectory(dir)) {
            return pids;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                pids.put(
                        file.getFileName().toString().replace(".pid", ""),
                        Long.parseLong(Files.readString(file).trim()));
            }
        }
        return pids;
    }

    /** Live processes whose command line says they belong to this platform home. */
    List<Long> livePlatformProcesses() throws IOException {
        String marker = "-Ddbp.home=" + home;
        List<Long> live = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .toList()) {
                try {
                    String cmdline = Files.readString(proc.resolve("cmdline")).replace('\0', ' ');
                    if (cmdline.contains(marker)
                            && isRunning(Long.parseLong(proc.getFileName().toString()))) {
                        live.add(Long.parseLong(proc.getFileName().toString()));
                    }
                } catch (IOException gone) {
                    // the process ended while we looked
                }
            }
        }
        return live;
    }

    /** True while the process exists and is not merely a zombie waiting for its parent to reap it. */
    static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // state is the first field after the parenthesised command name
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException gone) {
            return false;
        }
    }

    private static Path findRepoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("deploy/local/platform"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "deploy/local/platform not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
