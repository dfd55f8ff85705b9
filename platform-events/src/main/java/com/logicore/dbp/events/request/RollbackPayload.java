package com.logicore.dbp.events.request;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/** Undo a previous SCHEMA_CHANGE with its undo scripts, down to (not including) {@code toVersion} when given. */
public record RollbackPayload(
        @NotBlank String schemaChangeRequestId,
        @Pattern(regexp = "[0-9]+(\\.[0-9]+)*", message = "must be a version like 7 or 2.1.3") String toVersion)
        implements RequestPayload {}
