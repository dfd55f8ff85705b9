package com.logicore.dbp.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.logicore.dbp.events.InvalidEventException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JobRetriesTest {

    private static final String REQUEST_ID = "6f1c2a54-8d3e-4b7a-9c11-2e5f0a7b3d90";

    private final JobRetries retries = new JobRetries(3, Duration.ofMillis(1), Duration.ofMillis(2));

    @Test
    void aRunThatFailsWhileTheDatabaseIsDownRunsAgainUntilItCompletes() throws Throwable {
        // Given the worker's database refuses connections for the first two attempts
        var attempts = new AtomicInteger();
        var jobRuns = new AtomicInteger();

        // When the job's run is retried
        retries.untilDone(REQUEST_ID, () -> {
            if (attempts.incrementAndGet() < 3) {
                throw new SQLTransientConnectionException("connection to dbp_exports refused");
            }
            jobRuns.incrementAndGet();
        });

        // Then it completed once, on the third attempt
        assertThat(attempts).hasValue(3);
        assertThat(jobRuns).hasValue(1);
    }

    @Test
    void aRunStillFailingAfterTheLastAttemptGoesToTheDeadLetterTopicWithItsError() {
        var attempts = new AtomicInteger();

        // Given the database stays down, when the run is retried, then the last error reaches the consumer (DLQ)
        assertThatThrownBy(() -> retries.untilDone(
                        REQUEST_ID,
                        failingEveryTime(
                                attempts, new SQLTransientConnectionException("connection to dbp_jobs refused"))))
                .isInstanceOf(SQLTransientConnectionException.class)
                .hasMessage("connection to dbp_jobs refused");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void aPoisonRecordIsNotRetried() {
        var attempts = new AtomicInteger();

        // Given a record that can never be read, then it fails at once: retrying cannot help
        assertThatThrownBy(() -> retries.untilDone(
                        REQUEST_ID,
                        failingEveryTime(
                                attempts,
                                new InvalidEventException("data is not a valid JobRequested: missing requestId"))))
                .isInstanceOf(InvalidEventException.class);
        assertThat(attempts).hasValue(1);
    }

    private static JobRetries.Work failingEveryTime(AtomicInteger attempts, Throwable error) {
        return () -> {
            attempts.incrementAndGet();
            throw error;
        };
    }
}
