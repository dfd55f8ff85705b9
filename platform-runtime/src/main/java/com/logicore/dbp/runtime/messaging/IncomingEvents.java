package com.logicore.dbp.runtime.messaging;

import com.logicore.dbp.events.EventEnvelope;
import com.logicore.dbp.events.InvalidEventException;
import io.micrometer.core.instrument.Metrics;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.MDC;

/**
 * The one way a platform consumer handles a record: read the CloudEvent (a record that is not one fails at once and,
 * with the channel's {@code dead-letter-queue} strategy, lands on the topic's DLQ with the reason), put the request id
 * in the log context, and retry anything else with back-off so no event is skipped while, say, the database restarts.
 */
public final class IncomingEvents {

    private static final int ATTEMPTS = 30;

    private IncomingEvents() {}

    public static Uni<Void> handle(ConsumerRecord<String, byte[]> record, Function<EventEnvelope, Uni<Void>> handler) {
        EventEnvelope event;
        try {
            event = EventEnvelope.readFrom(record.headers(), record.value());
        } catch (InvalidEventException e) {
            Log.warnf(
                    "poison record to dead-letter topic=%s partition=%d offset=%d: %s",
                    record.topic(), record.partition(), record.offset(), e.getMessage());
            return Uni.createFrom().failure(e);
        }
        MDC.put("requestId", String.valueOf(event.subject()));
        // How long the event waited between being written to Kafka and reaching its handler, per topic.
        long lagMillis = Math.max(0, System.currentTimeMillis() - record.timestamp());
        Metrics.timer("dbp.events.consume.lag", "topic", record.topic()).record(lagMillis, TimeUnit.MILLISECONDS);
        Log.debugf("event received topic=%s type=%s lagMs=%d", record.topic(), event.type(), lagMillis);
        return Uni.createFrom()
                .deferred(() -> handler.apply(event))
                .onFailure(failure -> !(failure instanceof InvalidEventException))
                .retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10))
                .atMost(ATTEMPTS)
                .onFailure()
                .invoke(failure -> Log.warnf(
                        "event to dead-letter topic=%s eventId=%s type=%s: %s",
                        record.topic(), event.id(), event.type(), failure.getMessage()));
    }
}
