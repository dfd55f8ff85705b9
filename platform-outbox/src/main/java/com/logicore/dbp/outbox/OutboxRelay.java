package com.logicore.dbp.outbox;

import com.logicore.dbp.events.EventEnvelope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.postgresql.PGConnection;

/**
 * Publishes outbox rows to Kafka in id order (acks=all, idempotent producer) and marks them sent.
 *
 * <p>Runs on its own thread with plain JDBC: publishing is blocking by nature and must not hold an event loop. It
 * wakes up when a writing transaction commits ({@code NOTIFY dbp_outbox}, sent by {@link Outbox} and delivered by
 * PostgreSQL only on commit), and at least every {@code dbp.outbox.poll-interval} in case a notification is missed.
 * A transaction-scoped advisory lock lets any number of instances run the relay while only one publishes at a time,
 * which keeps events of one key in order. When Kafka is down a round fails, nothing is marked, and the next round
 * retries: accepted events wait in PostgreSQL, they are never lost. A failure after some records were written can
 * publish them again; consumers dedupe by CloudEvent id.
 */
@ApplicationScoped
public class OutboxRelay {

    /** Advisory lock key of the relay: "dbp-outbox" as a number. */
    private static final long RELAY_LOCK = 0x6462702d6f7574L;

    private final DataSource dataSource;
    private final OutboxConfig config;
    private final Map<String, Object> kafkaConfig;
    private final Counter published;
    private final Counter failedRounds;
    private KafkaProducer<String, byte[]> producer;
    private Thread relayThread;
    private volatile boolean stopping;

    public OutboxRelay(
            DataSource dataSource,
            OutboxConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            MeterRegistry registry) {
        this.dataSource = dataSource;
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.published = registry.counter("dbp.outbox.published");
        this.failedRounds = registry.counter("dbp.outbox.failed.rounds");
    }

    void start(@Observes StartupEvent startup) {
        if (!config.relayEnabled()) {
            Log.info("outbox: relay disabled on this instance");
            return;
        }
        relayThread = new Thread(this::relayLoop, "outbox-relay");
        relayThread.setDaemon(true);
        relayThread.start();
    }

    private void relayLoop() {
        Connection listener = null;
        while (!stopping) {
            try {
                if (listener == null || listener.isClosed()) {
                    listener = listen();
                }
                relayAll();
                // Sleep until a commit notifies us, or the poll interval passes.
                listener.unwrap(PGConnection.class)
                        .getNotifications((int) config.pollInterval().toMillis());
            } catch (Exception e) {
                failedRounds.increment();
                Log.warnf("outbox: publish round failed, will retry: %s", e.getMessage());
                closeQuietly(listener);
                listener = null;
                pause(config.pollInterval().toMillis());
            }
        }
        closeQuietly(listener);
    }

    private Connection listen() throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(true);
        try (Statement listen = connection.createStatement()) {
            listen.execute("LISTEN " + Outbox.CHANNEL);
        }
        return connection;
    }

    /** Publishes until nothing is left (or another instance holds the relay lock). */
    void relayAll() throws SQLException {
        int sent;
        do {
            sent = publishBatch();
        } while (sent == config.batchSize() && !stopping);
    }

    /** @return how many events were published and marked sent */
    int publishBatch() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                int count = publishBatch(connection);
                connection.commit();
                return count;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private int publishBatch(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, RELAY_LOCK);
            try (ResultSet rs = lock.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    return 0; // another instance is publishing
                }
            }
        }
        List<PendingEvent> batch = loadUnsent(connection);
        if (batch.isEmpty()) {
            return 0;
        }
        KafkaProducer<String, byte[]> kafka = producer();
        List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
        for (PendingEvent event : batch) {
            acks.add(kafka.send(event.toRecord()));
        }
        int confirmed = 0;
        String error = null;
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get(config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
                confirmed++;
            } catch (Exception e) {
                error = e.getCause() != null ? e.getCause().toString() : e.toString();
                break;
            }
        }
        // Only the confirmed prefix is marked, so order per key survives a partial failure.
        markSent(connection, batch.subList(0, confirmed));
        if (error != null) {
            recordFailure(connection, batch.get(confirmed), error);
            connection.commit();
            throw new IllegalStateException(
                    "Kafka did not confirm event " + batch.get(confirmed).eventId + ": " + error);
        }
        published.increment(confirmed);
        return confirmed;
    }

    private List<PendingEvent> loadUnsent(Connection connection) throws SQLException {
        List<PendingEvent> batch = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, event_id, topic, record_key, ce_type, ce_source, ce_subject, ce_time, traceparent, data"
                        + " FROM outbox_event WHERE sent_at IS NULL ORDER BY id LIMIT ?")) {
            select.setInt(1, config.batchSize());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    batch.add(new PendingEvent(
                            rs.getLong(1),
                            (UUID) rs.getObject(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7),
                            rs.getTimestamp(8).toInstant(),
                            rs.getString(9),
                            rs.getString(10)));
                }
            }
        }
        return batch;
    }

    private static void markSent(Connection connection, List<PendingEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        try (PreparedStatement update =
                connection.prepareStatement("UPDATE outbox_event SET sent_at = now() WHERE id = ANY (?)")) {
            update.setArray(
                    1,
                    connection.createArrayOf(
                            "bigint", events.stream().map(PendingEvent::id).toArray()));
            update.executeUpdate();
        }
    }

    private static void recordFailure(Connection connection, PendingEvent event, String error) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE outbox_event SET attempts = attempts + 1, last_error = ? WHERE id = ?")) {
            update.setString(1, error.length() > 1000 ? error.substring(0, 1000) : error);
            update.setLong(2, event.id());
            update.executeUpdate();
        }
    }

    /** Deletes events sent longer ago than the retention, so the table stays small. */
    @Scheduled(every = "1h", delayed = "1m")
    void purgeSent() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM outbox_event WHERE sent_at < ?")) {
            delete.setTimestamp(1, Timestamp.from(Instant.now().minus(config.retention())));
            int deleted = delete.executeUpdate();
            if (deleted > 0) {
                Log.infof("outbox: purged %d sent events", deleted);
            }
        } catch (SQLException e) {
            Log.warnf("outbox: purge failed: %s", e.getMessage());
        }
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Map<String, Object> props = new HashMap<>();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.get("bootstrap.servers"));
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
            // Fail a round quickly when Kafka is away; the rows stay and the next round retries.
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
            props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int)
                    Math.max(10_000, config.publishTimeout().toMillis()));
            props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
            props.put(
                    ProducerConfig.CLIENT_ID_CONFIG,
                    "outbox-relay-" + config.source().replace('/', '-'));
            producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    @PreDestroy
    void close() {
        stopping = true;
        if (relayThread != null) {
            try {
                relayThread.join(config.pollInterval().toMillis()
                        + config.publishTimeout().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
            }
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // the connection is being replaced anyway
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An unsent outbox row. */
    private record PendingEvent(
            long id,
            UUID eventId,
            String topic,
            String key,
            String type,
            String source,
            String subject,
            Instant time,
            String traceparent,
            String data) {

        ProducerRecord<String, byte[]> toRecord() {
            byte[] value = data.getBytes(StandardCharsets.UTF_8);
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
            new EventEnvelope(eventId.toString(), source, type, subject, time, traceparent, value)
                    .writeTo(record.headers());
            return record;
        }
    }
}
