package com.logicore.dbp.monitoring.requests;

import com.logicore.dbp.events.RequestType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * The SLA figures as Micrometer meters. Tags are bounded: request type (10 values), outcome (2).
 * Histograms are published so Prometheus can compute p50/p95 across instances.
 */
@ApplicationScoped
public class SlaMetrics {

    private static final Duration MIN = Duration.ofMillis(10);
    private static final Duration MAX = Duration.ofDays(14);

    private final MeterRegistry registry;

    public SlaMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Submit → terminal state. */
    void finished(String requestType, Duration turnaround) {
        timer("dbp.requests.turnaround", "Time from submission to a terminal state", requestType)
                .record(turnaround);
    }

    /** Submit → approved or rejected. */
    void decided(String requestType, Duration latency) {
        timer("dbp.requests.decision.latency", "Time from submission to the approval decision", requestType)
                .record(latency);
    }

    void jobFinished(String requestType, boolean succeeded, Duration duration) {
        String kind = kind(requestType);
        Timer.builder("dbp.jobs.duration")
                .description("How long workers took to run a job")
                .tag("kind", kind)
                .tag("outcome", succeeded ? "succeeded" : "failed")
                .publishPercentileHistogram()
                .minimumExpectedValue(MIN)
                .maximumExpectedValue(Duration.ofHours(12))
                .register(registry)
                .record(duration);
        if (!succeeded) {
            Counter.builder("dbp.jobs.failures")
                    .description("Jobs that failed")
                    .tag("kind", kind)
                    .register(registry)
                    .increment();
        }
    }

    private Timer timer(String name, String description, String requestType) {
        return Timer.builder(name)
                .description(description)
                .tag("type", kind(requestType))
                .publishPercentileHistogram()
                .minimumExpectedValue(MIN)
                .maximumExpectedValue(MAX)
                .register(registry);
    }

    /** A request type name, or UNKNOWN: never a free-form value, so the tag stays bounded. */
    static String kind(String requestType) {
        if (requestType == null) {
            return "UNKNOWN";
        }
        try {
            return RequestType.valueOf(requestType).name();
        } catch (IllegalArgumentException e) {
            return "UNKNOWN";
        }
    }
}
