package com.logicore.dbp.migration.schema;

/** A session that held a lock a job's statement waited for. */
public record Blocker(int pid, String user, String state, long ageSeconds, String query) {

    @Override
    public String toString() {
        return "pid " + pid + " (" + user + ", " + state + " for " + ageSeconds + "s): " + query;
    }
}
