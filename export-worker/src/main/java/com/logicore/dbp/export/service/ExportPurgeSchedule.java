package com.logicore.dbp.export.service;

import com.logicore.dbp.export.store.ExpiredExports;
import com.logicore.dbp.export.store.ExportStore;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** Purges expired exports from the store on a schedule ({@code dbp.export.purge-every}, default hourly). */
@ApplicationScoped
public class ExportPurgeSchedule {

    private final ExportStore store;

    public ExportPurgeSchedule(ExportStore store) {
        this.store = store;
    }

    @Scheduled(every = "${dbp.export.purge-every:1h}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        try {
            for (String requestId : ExpiredExports.purge(store.area("exports"), Instant.now())) {
                Log.infof("expired export purged requestId=%s", requestId);
            }
        } catch (Exception e) {
            Log.warnf("export purge failed, retried next round: %s", e.getMessage());
        }
    }
}
