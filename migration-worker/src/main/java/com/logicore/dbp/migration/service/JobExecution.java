package com.logicore.dbp.migration.service;

import com.logicore.dbp.events.payload.JobRequested;
import com.logicore.dbp.jobs.JobOutcome;
import com.logicore.dbp.migration.schema.MigrationFailed;

/** Executes one kind of job while the runner holds the schema's lock. */
public interface JobExecution {

    JobOutcome execute(JobRequested job) throws MigrationFailed, Exception;
}
