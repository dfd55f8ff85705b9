package com.logicore.dbp.migration.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicore.dbp.events.EventEnvelope;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.events.payload.JobFailed;
import com.logicore.dbp.events.payload.JobRequested;
import com.logicore.dbp.events.payload.JobSucceeded;
import com.logicore.dbp.testkit.kafka.KafkaTestClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Drives the running worker the way approval-service does (JobRequested on the real broker) and looks at the real
 * target database as its superuser, the way a DBA would check what happened.
 */
public final class WorkerHarness implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(60);
    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    private final KafkaTestClient kafka;
    private final String targetUrl;

    public WorkerHarness() {
        var config = ConfigProvider.getConfig();
        kafka = new KafkaTestClient(config.getValue("kafka.bootstrap.servers", String.class));
        targetUrl = config.getValue("dbp.target.jdbc-url", String.class);
    }

    public KafkaTestClient kafka() {
        return kafka;
    }

    public Connection superuser() throws SQLException {
        return DriverManager.getConnection(targetUrl, "postgres", "");
    }

    /**
     * A schema of its own for one test, owned by {@code team_<team>} like the demo schemas, with a parcels table the
     * team's migrations can change: tests do not depend on each other's versions.
     */
    public String freshSchemaOf(String team) throws SQLException {
        String schema = team + "_t" + SCHEMAS.incrementAndGet() + "_" + Long.toHexString(System.nanoTime() & 0xffff);
        try (Connection c = superuser()) {
            c.createStatement()
                    .execute("CREATE SCHEMA " + schema + " AUTHORIZATION team_" + team + ";"
                            + "CREATE TABLE " + schema
                            + ".parcels (id bigint PRIMARY KEY, tracking_number text NOT NULL,"
                            + " weight_kg numeric(8,2) NOT NULL, depot text NOT NULL);"
                            + "INSERT INTO " + schema + ".parcels SELECT g, 'LC' || lpad(g::text, 10, '0'),"
                            + " round((0.2 + (g % 250) / 10.0)::numeric, 2), (ARRAY['BER','HAM','MUC'])[1 + g % 3]"
                            + " FROM generate_series(1, 500) g;"
                            + "ALTER TABLE " + schema + ".parcels OWNER TO team_" + team);
        }
        return schema;
    }

    public static Map<String, Object> migration(String version, String description, String sql) {
        return Map.of("version", version, "description", description, "sql", sql);
    }

    public static Map<String, Object> migration(String version, String description, String sql, String undoSql) {
        return Map.of("version", version, "description", description, "sql", sql, "undoSql", undoSql);
    }

    public static JobRequested job(
            RequestType type, String team, String schema, Object payload, Map<String, Object> directives) {
        return new JobRequested(
                UUID.randomUUID().toString(),
                type,
                team,
                "alice",
                "logicore",
                schema,
                EventJson.mapper().valueToTree(payload),
                EventJson.mapper().valueToTree(directives));
    }

    public static JobRequested schemaChange(String team, String schema, List<Map<String, Object>> migrations) {
        return job(RequestType.SCHEMA_CHANGE, team, schema, Map.of("migrations", migrations), Map.of());
    }

    public JobRequested send(JobRequested job) {
        kafka.send("dbp.jobs.migration", job.schemaKey(), EventType.JOB_REQUESTED, job.requestId(), job);
        return job;
    }

    /** Sends the same job again under a new event id (a redelivery) and waits until the worker has consumed it. */
    public void replay(JobRequested job) {
        var where = kafka.locate(
                "dbp.jobs.migration",
                job.schemaKey(),
                EventEnvelope.create(
                        "/dbp/approval-service", EventType.JOB_REQUESTED, job.requestId(), EventJson.write(job)));
        kafka.awaitProcessed("migration-worker", where, WAIT);
    }

    public JobSucceeded succeeded(JobRequested job) {
        return EventJson.read(status(job, EventType.JOB_SUCCEEDED).value(), JobSucceeded.class);
    }

    public JobFailed failed(JobRequested job) {
        return EventJson.read(status(job, EventType.JOB_FAILED).value(), JobFailed.class);
    }

    /** The job's end, whichever it was: a test that expects success shows the failure text when it fails. */
    public JsonNode outcome(JobRequested job) {
        var record = kafka.await(
                "dbp.job-status",
                r -> job.requestId().equals(r.key())
                        && (EventType.JOB_SUCCEEDED.ceType().equals(KafkaTestClient.header(r, "ce_type"))
                                || EventType.JOB_FAILED.ceType().equals(KafkaTestClient.header(r, "ce_type"))),
                WAIT);
        return EventJson.read(record.value(), JsonNode.class);
    }

    public List<ConsumerRecord<String, byte[]>> events(JobRequested job, EventType type) {
        return kafka.readToEnd(
                "dbp.job-status",
                r -> job.requestId().equals(r.key()) && type.ceType().equals(KafkaTestClient.header(r, "ce_type")));
    }

    private ConsumerRecord<String, byte[]> status(JobRequested job, EventType type) {
        return kafka.await(
                "dbp.job-status",
                r -> job.requestId().equals(r.key()) && type.ceType().equals(KafkaTestClient.header(r, "ce_type")),
                WAIT);
    }

    /** The schema's Flyway history as {@code version:type:success} rows, oldest first. */
    public List<String> history(String schema) throws SQLException {
        try (Connection c = superuser()) {
            var rs = c.createStatement()
                    .executeQuery("SELECT coalesce(version, '-'), type, success FROM " + schema
                            + ".flyway_schema_history ORDER BY installed_rank");
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1) + ":" + rs.getString(2) + ":" + rs.getBoolean(3));
            }
            return rows;
        }
    }

    public String scalar(String sql) throws SQLException {
        try (Connection c = superuser()) {
            var rs = c.createStatement().executeQuery(sql);
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Override
    public void close() {
        kafka.close();
    }
}
