package com.logicore.dbp.export.service;

import com.logicore.dbp.events.payload.JobRequested;
import jakarta.enterprise.context.ApplicationScoped;

/** BACKUP and RESTORE (in progress). */
@ApplicationScoped
public class BackupJob {
    public JobOutcome backup(JobRequested job) throws Exception {
        throw new JobFailure("BACKUP is not executed by this worker yet", false);
    }

    public JobOutcome restore(JobRequested job) throws Exception {
        throw new JobFailure("RESTORE is not executed by this worker yet", false);
    }
}
