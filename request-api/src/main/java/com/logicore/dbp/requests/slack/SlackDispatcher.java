package com.logicore.dbp.requests.slack;

import com.logicore.dbp.events.EventType;
import com.logicore.dbp.requests.slack.SlackNotificationQueue.Pending;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.MDC;

/**
 * Delivers the queued Slack notifications: at once when one is queued, and every {@code dbp.slack.dispatch-every} for
 * the retries. A failed call is tried again with exponential back-off (or after Slack's {@code Retry-After} when it
 * rate-limits us) until {@code dbp.slack.give-up-after}; the request itself never waits for Slack.
 */
@ApplicationScoped
public class SlackDispatcher {

    private static final int BATCH = 20;
    /** Long enough for a batch of slow Slack calls; a dead instance's claims lapse after it. */
    private static final Duration LEASE = Duration.ofMinutes(2);
    /** Delivered rows are kept a week: long past any Kafka redelivery of their events. */
    private static final Duration KEEP_DELIVERED = Duration.ofDays(7);

    private final SlackSettings settings;
    private final SlackNotificationQueue queue;
    private final SlackFollow follow;
    private final SlackAsync async;
    private final MeterRegistry registry;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong oldestSeconds = new AtomicLong();
    private volatile Instant lastCleanup = Instant.EPOCH;

    public SlackDispatcher(
            SlackSettings settings,
            SlackNotificationQueue queue,
            SlackFollow follow,
            SlackAsync async,
            MeterRegistry registry) {
        this.settings = settings;
        this.queue = queue;
        this.follow = follow;
        this.async = async;
        this.registry = registry;
        registry.gauge("dbp.slack.notifications.pending", pending);
        registry.gauge("dbp.slack.notifications.oldest.seconds", oldestSeconds);
    }

    /** Retries what is due, refreshes the backlog gauges and forgets old delivered rows. */
    @Scheduled(every = "${dbp.slack.dispatch-every:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void retryDue() {
        if (!settings.enabled()) {
            return;
        }
        kick();
        async.detach("slack backlog", () -> queue.backlog()
                .invoke(backlog -> {
                    pending.set(backlog[0]);
                    oldestSeconds.set(backlog[1]);
                })
                .call(() -> {
                    if (lastCleanup.isAfter(Instant.now().minus(Duration.ofHours(1)))) {
                        return Uni.createFrom().voidItem();
                    }
                    lastCleanup = Instant.now();
                    return queue.forgetOlderThan(KEEP_DELIVERED).replaceWithVoid();
                })
                .replaceWithVoid());
    }

    /** Delivers everything due now; a call while a delivery round runs makes that round look again. */
    public void kick() {
        again.set(true);
        if (running.compareAndSet(false, true)) {
            async.detach("slack dispatch", this::drain);
        }
    }

    private Uni<Void> drain() {
        again.set(false);
        return queue.claimDue(BATCH, LEASE, EventType.JOB_PROGRESS.ceType())
                .flatMap(batch -> deliverAll(batch).replaceWith(!batch.isEmpty()))
                .onItemOrFailure()
                .transformToUni((more, failure) -> {
                    if (failure != null) {
                        Log.warnf("slack dispatch round failed, retried in %s: %s", settings.dispatchEvery(), failure);
                    } else if (more || again.get()) {
                        return drain();
                    }
                    running.set(false);
                    // A kick that came in between the last claim and this line would otherwise wait for the timer.
                    if (failure == null && again.get() && running.compareAndSet(false, true)) {
                        return drain();
                    }
                    return Uni.createFrom().voidItem();
                });
    }

    private Uni<Void> deliverAll(List<Pending> batch) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Pending notification : batch) {
            chain = chain.call(() -> deliver(notification));
        }
        return chain;
    }

    private Uni<Void> deliver(Pending notification) {
        MDC.put(
                "requestId",
                notification.requestId() == null ? "" : notification.requestId().toString());
        return Uni.createFrom()
                .deferred(() -> follow.deliver(notification))
                .onItem()
                .transformToUni(ignored -> queue.delivered(notification.id()))
                .invoke(() -> outcome("delivered"))
                .onFailure()
                .recoverWithUni(failure -> {
                    Duration wait = retryDelay(notification.attempts(), failure);
                    boolean hopeless = failure instanceof SlackWebApi.SlackCallFailed slack && slack.permanent();
                    return queue.failed(
                                    notification.id(),
                                    String.valueOf(failure.getMessage()),
                                    wait,
                                    hopeless ? Duration.ZERO : settings.giveUpAfter())
                            .invoke(givenUp -> {
                                if (givenUp) {
                                    outcome("given_up");
                                    Log.errorf(
                                            "slack notification given up requestId=%s eventId=%s: %s",
                                            notification.requestId(), notification.eventId(), failure.getMessage());
                                } else {
                                    outcome("retried");
                                    Log.warnf(
                                            "slack notification failed, retry in %s requestId=%s eventId=%s: %s",
                                            wait,
                                            notification.requestId(),
                                            notification.eventId(),
                                            failure.getMessage());
                                }
                            })
                            .replaceWithVoid();
                });
    }

    /** Slack's Retry-After when rate-limited, else 1 s, 2 s, 4 s … up to {@code dbp.slack.max-retry-delay}. */
    private Duration retryDelay(int attempts, Throwable failure) {
        if (failure instanceof SlackWebApi.SlackCallFailed slack
                && slack.retryAfter().isPresent()) {
            return slack.retryAfter().get();
        }
        Duration backoff = Duration.ofSeconds(1L << Math.min(attempts, 20));
        return backoff.compareTo(settings.maxRetryDelay()) > 0 ? settings.maxRetryDelay() : backoff;
    }

    private void outcome(String outcome) {
        registry.counter("dbp.slack.notifications", "outcome", outcome).increment();
    }
}
