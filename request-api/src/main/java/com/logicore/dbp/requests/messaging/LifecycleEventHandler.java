package com.logicore.dbp.requests.messaging;

import com.logicore.dbp.events.EventEnvelope;
import com.logicore.dbp.events.InvalidEventException;
import com.logicore.dbp.requests.service.LifecycleProjection;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.MDC;

/**
 * Consumes {@code dbp.decisions} and {@code dbp.job-status} (one channel each, so each has its own dead-letter topic). A record that is not a valid event fails at once and goes
 * to the topic's dead-letter queue with the reason; anything else (the database briefly away) is retried, so no
 * event is skipped. The offset is committed only after the handler finished (throttled commit strategy).
 */
@ApplicationScoped
public class LifecycleEventHandler {

    private final LifecycleProjection projection;

    public LifecycleEventHandler(LifecycleProjection projection) {
        this.projection = projection;
    }

    @Incoming("decisions-in")
    public Uni<Void> onDecision(ConsumerRecord<String, byte[]> record) {
        return onEvent(record);
    }

    @Incoming("job-status-in")
    public Uni<Void> onJobStatus(ConsumerRecord<String, byte[]> record) {
        return onEvent(record);
    }

    private Uni<Void> onEvent(ConsumerRecord<String, byte[]> record) {
        EventEnvelope event;
        try {
            event = EventEnvelope.readFrom(record.headers(), record.value());
        } catch (InvalidEventException e) {
            Log.warnf(
                    "poison record to dead-letter topic=%s offset=%d: %s",
                    record.topic(), record.offset(), e.getMessage());
            return Uni.createFrom().failure(e);
        }
        MDC.put("requestId", String.valueOf(event.subject()));
        return Uni.createFrom()
                .deferred(() -> projection.apply(event, record.topic()))
                .onFailure(failure -> !(failure instanceof InvalidEventException))
                .retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10))
                .atMost(30)
                .onFailure()
                .invoke(failure -> Log.warnf(
                        "event to dead-letter eventId=%s requestId=%s: %s",
                        event.id(), event.subject(), failure.getMessage()));
    }
}
