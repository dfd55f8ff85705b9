package com.logicore.dbp.migration.schema;

import com.logicore.dbp.jobs.JobFailure;

/** A schema change or rollback did not complete; {@code retryable} when running the job again later may succeed. */
public class MigrationFailed extends JobFailure {

    public MigrationFailed(String message, boolean retryable) {
        super(message, retryable);
    }

    public MigrationFailed(String message, boolean retryable, Throwable cause) {
        super(message, retryable, cause);
    }
}
