package com.logicore.dbp.jobs;

/** A job that cannot succeed as asked (bad input, refused by the database); {@code retryable} if a rerun may work. */
public class JobFailure extends Exception {

    private final boolean retryable;

    public JobFailure(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public JobFailure(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
