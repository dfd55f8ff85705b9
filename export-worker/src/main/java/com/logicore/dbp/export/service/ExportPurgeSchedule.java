package com.logicore.dbp.export.service;

import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.payload.ExportPurged;
import com.logicore.dbp.export.store.ExpiredExports;
import com.logicore.dbp.export.store.ExportStore;
import com.logicore.dbp.jobs.JobRecorder;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Purges expired exports from the store on a schedule ({@code dbp.export.purge-every}, default hourly) and tells each
 * request through an ExportPurged event (outbox), so its timeline says the export is gone.
 */
@ApplicationScoped
public class ExportPurgeSchedule {

    private final ExportStore store;
    private final JobRecorder recorder;

    public ExportPurgeSchedule(ExportStore store, JobRecorder recorder) {
        this.store = store;
        this.recorder = recorder;
    }

    @Scheduled(every = "${dbp.export.purge-every:1h}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void purge() {
        try {
            ExpiredExports.purge(store.area("exports"), Instant.now(), export -> {
                announcePurged(export);
                Log.infof("expired export purged requestId=%s files=%d", export.requestId(), export.files());
            });
        } catch (Throwable e) {
            Log.warnf("export purge failed, retried next round: %s", e.getMessage());
        }
    }

    private void announcePurged(ExpiredExports.Purged export) throws Throwable {
        String id = export.requestId();
        recorder.announce(
                EventType.EXPORT_PURGED,
                id,
                new ExportPurged(
                        id,
                        export.expiredAt(),
                        export.files(),
                        "export expired at " + export.expiredAt() + "; its " + export.files()
                                + " file(s) were purged from the store, the download link is gone"));
    }
}
