package com.logicore.dbp.migration.schema;

/** Told how far a migration run has come. */
@FunctionalInterface
public interface ProgressListener {

    /**
     * @param done statements finished so far in this run
     * @param total statements this run will execute
     * @param detail e.g. "migration 2 of 3 (version 7), statement 4 of 9"
     */
    void progress(int done, int total, String detail);
}
