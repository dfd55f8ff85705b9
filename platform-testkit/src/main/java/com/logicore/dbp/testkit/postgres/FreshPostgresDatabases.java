package com.logicore.dbp.testkit.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Fresh, uniquely named PostgreSQL databases for one test run, dropped afterwards.
 *
 * <p>Uses the local server ({@code DBP_TEST_PG_HOST}/{@code DBP_TEST_PG_PORT}/{@code DBP_TEST_PG_USER}, default
 * 127.0.0.1:5432 as postgres); when none is reachable it starts an embedded PostgreSQL from jars instead. Databases
 * left behind by a run that was killed are dropped by the next run once they are a day old.
 */
public final class FreshPostgresDatabases implements AutoCloseable {

    private static final String TEST_DB_PREFIX = "dbpt_";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private final String host;
    private final int port;
    private final String user;
    private final EmbeddedPostgres embedded;
    private final String runId;
    private final List<String> created = new ArrayList<>();

    private FreshPostgresDatabases(String host, int port, String user, EmbeddedPostgres embedded) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.embedded = embedded;
        this.runId = LocalDateTime.now().format(STAMP) + "_"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
    }

    /** Connects to the local server, or starts an embedded one when the local server is not reachable. */
    public static FreshPostgresDatabases start() throws IOException {
        return start(
                env("DBP_TEST_PG_HOST", "127.0.0.1"),
                Integer.parseInt(env("DBP_TEST_PG_PORT", "5432")),
                env("DBP_TEST_PG_USER", "postgres"));
    }

    /** Connects to the given server, or starts an embedded one when it is not reachable. */
    public static FreshPostgresDatabases start(String host, int port, String user) throws IOException {
        if (reachable(host, port, user)) {
            return new FreshPostgresDatabases(host, port, user, null);
        }
        System.err.println("testkit: no PostgreSQL at " + host + ":" + port + ", starting an embedded one");
        EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
        return new FreshPostgresDatabases("127.0.0.1", embedded.getPort(), "postgres", embedded);
    }

    /**
     * Creates a new database whose name contains {@code purpose}, e.g. {@code dbpt_requests_20261125101500_3fa2c}.
     *
     * @return the database name
     */
    public String create(String purpose) throws SQLException {
        String name = (TEST_DB_PREFIX + purpose + "_" + runId).toLowerCase(Locale.ROOT);
        try (Connection c = adminConnection()) {
            dropStale(c);
            c.createStatement().execute("CREATE DATABASE " + name);
        }
        created.add(name);
        return name;
    }

    /** True when no server was reachable and this run started its own embedded PostgreSQL. */
    public boolean isEmbedded() {
        return embedded != null;
    }

    /** Loads the demo target (team roles; schemas fleet, routing, deliveries with data) into a database. */
    public void loadDemoTarget(String database) throws SQLException, IOException {
        String sql;
        try (var in = FreshPostgresDatabases.class.getResourceAsStream("/demo/logicore-demo.sql")) {
            if (in == null) {
                throw new IOException("demo/logicore-demo.sql missing from the testkit jar");
            }
            sql = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl(database), user, "")) {
            c.createStatement().execute(sql);
        }
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public String reactiveUrl(String database) {
        return "postgresql://" + host + ":" + port + "/" + database;
    }

    @Override
    public void close() throws Exception {
        try (Connection c = adminConnection()) {
            for (String name : created) {
                c.createStatement().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        } finally {
            created.clear();
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private Connection adminConnection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl("postgres"), user, "");
    }

    private static void dropStale(Connection c) throws SQLException {
        String dayAgo = LocalDateTime.now().minusDays(1).format(STAMP);
        var rs = c.createStatement()
                .executeQuery("SELECT datname FROM pg_database WHERE datname LIKE '" + TEST_DB_PREFIX + "%'");
        List<String> stale = new ArrayList<>();
        while (rs.next()) {
            String name = rs.getString(1);
            String[] parts = name.split("_");
            // name = dbpt_<purpose>_<yyyyMMddHHmmss>_<hex>
            if (parts.length >= 4 && parts[parts.length - 2].compareTo(dayAgo) < 0) {
                stale.add(name);
            }
        }
        for (String name : stale) {
            c.createStatement().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private static boolean reachable(String host, int port, String user) {
        try (Connection ignored = DriverManager.getConnection(
                "jdbc:postgresql://" + host + ":" + port + "/postgres?connectTimeout=3", user, "")) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
