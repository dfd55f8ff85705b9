package com.logicore.dbp.migration.schema;

/** A schema change or rollback did not complete; {@code retryable} when running the job again later may succeed. */
public class MigrationFailed extends Exception {

    private final boolean retryable;

    public MigrationFailed(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public MigrationFailed(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
