package com.logicore.dbp.export.archive;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fault injection for the archive's crash tests: makes the worker stop dead at a chosen point of a chosen batch, as
 * if the process had been killed there. Disarmed unless a test arms it; nothing in production arms it.
 */
@ApplicationScoped
public class ArchiveFaults {

    /** Points of a batch where a crash is interesting. */
    public enum Point {
        /** Files written and synced, not yet verified or checkpointed. */
        AFTER_WRITE,
        /** Verified and checkpointed, nothing deleted yet. */
        AFTER_VERIFY
    }

    /** Thrown at an armed point; an Error, so no handler of the job treats it as a normal failure. */
    public static final class SimulatedCrash extends Error {
        SimulatedCrash(String message) {
            super(message);
        }
    }

    private final Set<String> armed = ConcurrentHashMap.newKeySet();

    /** Crash once when batch {@code batch} reaches {@code point}. */
    public void arm(Point point, int batch) {
        armed.add(point + "/" + batch);
    }

    public void reached(Point reached, int batchNo) {
        if (!armed.isEmpty() && armed.remove(reached + "/" + batchNo)) {
            throw new SimulatedCrash("simulated crash at " + reached + " of batch " + batchNo);
        }
    }
}
