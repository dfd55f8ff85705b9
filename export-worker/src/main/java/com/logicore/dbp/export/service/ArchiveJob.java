package com.logicore.dbp.export.service;

import com.logicore.dbp.events.payload.JobRequested;
import jakarta.enterprise.context.ApplicationScoped;

/** ARCHIVE: not executed yet (the job fails honestly rather than pretending). */
@ApplicationScoped
public class ArchiveJob {
    public JobOutcome run(JobRequested job) throws Exception {
        throw new JobFailure("ARCHIVE is not executed by this worker yet", false);
    }
}
