package com.logicore.dbp.monitoring.messaging;

import com.logicore.dbp.events.EventEnvelope;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.payload.EventPayload;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes monitoring's own events as CloudEvents. Monitoring keeps no transactional state of its own (a finding is
 * re-measured every interval, a review is recomputed if its result is lost), so it publishes straight to Kafka
 * (acks=all, idempotent) and waits for the broker's acknowledgement instead of going through an outbox.
 */
@ApplicationScoped
public class PlatformEmitter {

    /** CloudEvents source of monitoring's own events (its findings come back on dbp.health; it skips them there). */
    public static final String SOURCE = "/dbp/monitoring-service";

    private final Emitter<byte[]> health;
    private final Emitter<byte[]> jobStatus;

    public PlatformEmitter(
            @Channel("health-out") Emitter<byte[]> health, @Channel("job-status-out") Emitter<byte[]> jobStatus) {
        this.health = health;
        this.jobStatus = jobStatus;
    }

    /** A health finding on {@code dbp.health}, keyed by its resource. */
    public Uni<Void> health(String resource, EventPayload finding) {
        return send(health, EventType.HEALTH_FINDING, resource, resource, finding);
    }

    /** A job status event on {@code dbp.job-status}, keyed by the request id. */
    public Uni<Void> jobStatus(EventType type, String requestId, EventPayload payload) {
        return send(jobStatus, type, requestId, requestId, payload);
    }

    private static Uni<Void> send(
            Emitter<byte[]> emitter, EventType type, String key, String subject, EventPayload payload) {
        var envelope = EventEnvelope.create(SOURCE, type, subject, EventJson.write(payload));
        var headers = new RecordHeaders();
        envelope.writeTo(headers);
        var acked = new CompletableFuture<Void>();
        var message = Message.of(envelope.data())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(key)
                        .withHeaders(headers)
                        .build())
                .withAck(() -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        emitter.send(message);
        return Uni.createFrom().completionStage(acked);
    }
}
