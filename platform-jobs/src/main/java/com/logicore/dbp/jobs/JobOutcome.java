package com.logicore.dbp.jobs;

import com.fasterxml.jackson.databind.JsonNode;

/** What a finished job reports in JobSucceeded. */
public record JobOutcome(String summary, JsonNode result) {}
