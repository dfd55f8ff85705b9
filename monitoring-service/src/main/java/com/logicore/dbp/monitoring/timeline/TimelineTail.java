package com.logicore.dbp.monitoring.timeline;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Feeds the live stream from the stored timeline, in position order, so that each instance streams every event —
 * the Kafka consumer group gives each instance only some partitions. A position handed out but not yet stored (another
 * instance is mid-insert) holds the tail back until it is stored or {@code gap-grace} has passed; a position a
 * redelivery burnt is marked as a gap and skipped at once.
 */
@ApplicationScoped
public class TimelineTail {

    private final TimelineStore store;
    private final LiveStream live;
    private final Vertx vertx;
    private final Duration every;
    private final Duration gapGrace;
    private final AtomicBoolean polling = new AtomicBoolean();
    private volatile long watermark = -1;
    private long timer = -1;

    public TimelineTail(
            TimelineStore store,
            LiveStream live,
            Vertx vertx,
            @ConfigProperty(name = "dbp.monitoring.live.poll-every", defaultValue = "PT0.1S") Duration every,
            @ConfigProperty(name = "dbp.monitoring.live.gap-grace", defaultValue = "PT2S") Duration gapGrace) {
        this.store = store;
        this.live = live;
        this.vertx = vertx;
        this.every = every;
        this.gapGrace = gapGrace;
    }

    void start(@Observes StartupEvent start) {
        watermark = store.lastSeq().await().atMost(Duration.ofSeconds(30));
        timer = vertx.setPeriodic(every.toMillis(), id -> poll());
    }

    void stop(@Observes ShutdownEvent stop) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void poll() {
        if (!polling.compareAndSet(false, true)) {
            return;
        }
        store.tail(watermark, 1000)
                .subscribe()
                .with(
                        tailed -> {
                            try {
                                Instant graceLimit = Instant.now().minus(gapGrace);
                                for (var next : tailed) {
                                    if (next.seq() != watermark + 1
                                            && next.storedAt().isAfter(graceLimit)) {
                                        break; // an earlier position is still being stored: wait for it
                                    }
                                    watermark = next.seq();
                                    if (next.event() != null) {
                                        live.publish(next.event());
                                    }
                                }
                            } finally {
                                polling.set(false);
                            }
                        },
                        failure -> {
                            polling.set(false);
                            Log.warnf("live tail: could not read the timeline: %s", failure.toString());
                        });
    }
}
