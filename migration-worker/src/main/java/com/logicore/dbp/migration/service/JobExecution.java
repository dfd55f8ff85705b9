package com.logicore.dbp.migration.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicore.dbp.events.payload.JobRequested;
import com.logicore.dbp.migration.schema.MigrationFailed;

/** Executes one kind of job while the runner holds the schema's lock. */
public interface JobExecution {

    /** What a successful job reports: a one-line summary and its type-specific result. */
    record Done(String summary, JsonNode result) {}

    Done execute(JobRequested job) throws MigrationFailed, Exception;
}
