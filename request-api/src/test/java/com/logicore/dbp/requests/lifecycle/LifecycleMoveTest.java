package com.logicore.dbp.requests.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.payload.ExportPurged;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What export-worker's ExportPurged means for a request: a line in its timeline, never a change of state. */
class LifecycleMoveTest {

    @Test
    void aPurgedExportIsNotedOnTheTimelineAndLeavesTheStateAlone() {
        var event = new ExportPurged(
                "6f1c2a8e-3b4d-4c5e-9f70-8a9b0c1d2e3f",
                Instant.parse("2026-11-20T10:00:00Z"),
                1,
                "export expired at 2026-11-20T10:00:00Z; its 1 file(s) were purged from the store");

        var move = LifecycleMove.of(EventType.EXPORT_PURGED, "/dbp/export-worker", EventJson.write(event));

        assertThat(move.target()).as("no state change").isNull();
        assertThat(move.isProgressOnly()).as("recorded in the timeline").isFalse();
        assertThat(move.actor()).isEqualTo("worker:export-worker");
        assertThat(move.reason()).contains("purged");
    }
}
