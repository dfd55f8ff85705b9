package com.logicore.dbp.migration.schema;

/** Told how far a migration run has come. */
public interface ProgressListener {

    /**
     * @param done statements finished so far in this run
     * @param total statements this run will execute
     * @param detail e.g. "migration 2 of 3 (version 7), statement 4 of 9"
     */
    void progress(int done, int total, String detail);

    /**
     * A version's statements all ran (called by Flyway just before it writes the version's history entry): lets the
     * caller keep its own record at once, so a crash right after the run cannot lose what was applied.
     */
    default void applied(String version) {}
}
