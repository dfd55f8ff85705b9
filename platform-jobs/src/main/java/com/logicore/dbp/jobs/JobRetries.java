package com.logicore.dbp.jobs;

import com.logicore.dbp.events.InvalidEventException;
import io.quarkus.logging.Log;
import java.time.Duration;

/**
 * Runs a record's work again, with growing back-off, while it fails. A job's run is idempotent (its job_run row), so
 * a failure to reach the worker's own database or Redis is retried rather than dead-lettering the record and leaving
 * its request waiting forever.
 */
public final class JobRetries {

    /** What the workers use: 20 attempts, 0.5 s doubling up to 30 s between them (about seven minutes in all). */
    public static final JobRetries STANDARD = new JobRetries(20, Duration.ofMillis(500), Duration.ofSeconds(30));

    /** Work of one record (a job's run, an early revoke); running it again must be safe. */
    @FunctionalInterface
    public interface Work {
        void run() throws Throwable;
    }

    private final int maxAttempts;
    private final long firstBackoffMillis;
    private final long maxBackoffMillis;

    public JobRetries(int maxAttempts, Duration firstBackoff, Duration maxBackoff) {
        this.maxAttempts = maxAttempts;
        this.firstBackoffMillis = firstBackoff.toMillis();
        this.maxBackoffMillis = maxBackoff.toMillis();
    }

    /**
     * Runs {@code work} until it completes. A poison record ({@link InvalidEventException}) fails at once, and the
     * last attempt's error is thrown: either way the record goes to the dead-letter topic.
     */
    public void untilDone(String requestId, Work work) throws Throwable {
        long backoff = firstBackoffMillis;
        for (int attempt = 1; ; attempt++) {
            try {
                work.run();
                return;
            } catch (InvalidEventException e) {
                throw e;
            } catch (Throwable e) {
                if (attempt >= maxAttempts) {
                    Log.errorf(
                            e,
                            "job could not be run after %d attempts requestId=%s; it goes to the dead-letter topic",
                            attempt,
                            requestId);
                    throw e;
                }
                Log.warnf(
                        "job attempt %d failed requestId=%s, retrying in %d ms: %s",
                        attempt, requestId, backoff, e.getMessage());
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, maxBackoffMillis);
            }
        }
    }
}
