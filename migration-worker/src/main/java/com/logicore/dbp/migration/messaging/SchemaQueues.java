package com.logicore.dbp.migration.messaging;

import com.logicore.dbp.migration.config.TargetConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs jobs of different schemas at the same time and jobs of one schema one after another, in the order they were
 * submitted: each schema key has a queue (a chain of futures) drained by a bounded pool. At most a fixed number of jobs
 * are admitted and not yet finished, so a burst of records waits in Kafka rather than in memory.
 */
@ApplicationScoped
public class SchemaQueues {

    private static final int ADMITTED_PER_THREAD = 8;

    private final ExecutorService workers;
    private final ExecutorService admission;
    private final Semaphore admitted;
    private final Map<String, CompletableFuture<Void>> tails = new HashMap<>();

    public SchemaQueues(TargetConfig config) {
        int threads = Math.max(1, config.parallelSchemas());
        this.workers = Executors.newFixedThreadPool(threads, named("schema-job-"));
        // one thread: admission keeps the order in which records arrived
        this.admission = Executors.newSingleThreadExecutor(named("schema-job-admission-"));
        this.admitted = new Semaphore(threads * ADMITTED_PER_THREAD);
    }

    /**
     * Queues {@code job} behind earlier jobs of the same key. The returned stage completes once the job is admitted
     * (not when it finishes): the caller may hand over the next record then.
     */
    public CompletableFuture<Void> submit(String key, Runnable job) {
        return CompletableFuture.runAsync(
                () -> {
                    admitted.acquireUninterruptibly();
                    enqueue(key, job);
                },
                admission);
    }

    private void enqueue(String key, Runnable job) {
        synchronized (tails) {
            CompletableFuture<Void> previous = tails.getOrDefault(key, CompletableFuture.completedFuture(null));
            CompletableFuture<Void> next = previous.handle((ignored, error) -> null)
                    .thenRunAsync(
                            () -> {
                                try {
                                    job.run();
                                } finally {
                                    admitted.release();
                                }
                            },
                            workers);
            tails.put(key, next);
            next.whenComplete((ignored, error) -> {
                synchronized (tails) {
                    tails.remove(key, next);
                }
            });
        }
    }

    @PreDestroy
    void stop() {
        admission.shutdownNow();
        workers.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
