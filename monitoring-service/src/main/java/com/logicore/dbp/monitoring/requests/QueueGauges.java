package com.logicore.dbp.monitoring.requests;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gauges read from the request view every 15 s: requests by type and state, approval queue depth and the age of its
 * oldest request. Every instance reads the same store, so dashboards take {@code max}, not {@code sum}, across them.
 */
@ApplicationScoped
public class QueueGauges {

    private final RequestView view;
    private final MultiGauge byTypeAndState;
    private final AtomicLong queueDepth = new AtomicLong();
    private final AtomicLong oldestAgeSeconds = new AtomicLong();

    public QueueGauges(RequestView view, MeterRegistry registry) {
        this.view = view;
        this.byTypeAndState = MultiGauge.builder("dbp.requests")
                .description("Requests by type and state")
                .register(registry);
        Gauge.builder("dbp.approval.queue.depth", queueDepth, AtomicLong::get)
                .description("Requests awaiting a human approval")
                .register(registry);
        Gauge.builder("dbp.approval.queue.oldest.age", oldestAgeSeconds, AtomicLong::get)
                .description("Seconds the oldest request in the approval queue has waited")
                .baseUnit("seconds")
                .register(registry);
    }

    @Scheduled(
            every = "15s",
            delay = 2,
            delayUnit = TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        var counts = view.countsByTypeAndState().await().atMost(Duration.ofSeconds(10));
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        counts.forEach((type, states) ->
                states.forEach((state, n) -> rows.add(MultiGauge.Row.of(Tags.of("type", type, "state", state), n))));
        byTypeAndState.register(rows, true);
        var queue = view.approvalQueue(10_000).await().atMost(Duration.ofSeconds(10));
        queueDepth.set(queue.size());
        oldestAgeSeconds.set(queue.isEmpty() ? 0 : queue.get(0).ageSeconds());
    }
}
