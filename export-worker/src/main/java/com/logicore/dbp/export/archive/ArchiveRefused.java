package com.logicore.dbp.export.archive;

/** An archive step refused to go on (verification failed, files changed); nothing unverified was deleted. */
public class ArchiveRefused extends Exception {

    private final boolean retryable;

    public ArchiveRefused(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
