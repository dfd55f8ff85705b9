package com.logicore.dbp.export.archive;

import io.quarkus.logging.Log;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/**
 * Test-only: makes the worker stop dead at one point of one batch so a test can SIGKILL the process exactly there
 * ({@code dbp.export.archive.test-halt-at=AFTER_VERIFY:2}). Disarmed unless that setting is given; production never
 * sets it. On reaching the point the worker logs it, writes a marker file {@code <markers>/<request>-<POINT>-b<batch>}
 * and waits forever for the kill.
 */
public final class ArchiveHaltPoints {

    /** Points of a batch where a kill is interesting. */
    public enum Point {
        /** Part of the batch written: some of its day files published, the next one half written in .partial. */
        MID_BATCH,
        /** Verified and checkpointed, nothing deleted yet. */
        AFTER_VERIFY
    }

    private static final ArchiveHaltPoints DISARMED = new ArchiveHaltPoints(null, 0, null, null);

    private final Point point;
    private final int batch;
    private final Path markers;
    private final Runnable action;

    private ArchiveHaltPoints(Point point, int batch, Path markers, Runnable action) {
        this.point = point;
        this.batch = batch;
        this.markers = markers;
        this.action = action;
    }

    public static ArchiveHaltPoints disarmed() {
        return DISARMED;
    }

    /** From {@code POINT:batch}, e.g. {@code MID_BATCH:3}; disarmed when empty. */
    public static ArchiveHaltPoints of(Optional<String> spec, Path markers) {
        if (spec.isEmpty() || spec.get().isBlank()) {
            return DISARMED;
        }
        String[] parts = spec.get().trim().split(":");
        if (parts.length != 2) {
            throw new IllegalArgumentException("test-halt-at must be POINT:batch, was " + spec.get());
        }
        return new ArchiveHaltPoints(Point.valueOf(parts[0]), Integer.parseInt(parts[1]), markers, null);
    }

    /** Test-only, in-process: runs {@code action} at the point (once per time it is reached) instead of halting. */
    public static ArchiveHaltPoints running(Point point, int batch, Runnable action) {
        return new ArchiveHaltPoints(point, batch, null, action);
    }

    public void reached(Point reached, UUID requestId, int batchNo) {
        if (point != reached || batch != batchNo) {
            return;
        }
        if (action != null) {
            action.run();
            return;
        }
        Log.warnf("archive halted for a kill test point=%s batch=%d requestId=%s", reached, batchNo, requestId);
        try {
            Files.createDirectories(markers);
            Files.writeString(markers.resolve(requestId + "-" + reached + "-b" + batchNo), "halted\n");
        } catch (IOException e) {
            throw new IllegalStateException("could not write the halt marker", e);
        }
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("halted archive interrupted (worker shutting down)", e);
        }
    }
}
