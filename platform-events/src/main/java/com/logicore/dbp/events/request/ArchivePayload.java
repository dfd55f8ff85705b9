package com.logicore.dbp.events.request;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** Move MongoDB documents older than a cutoff to the archive (copy, verify, then delete). */
public record ArchivePayload(
        @NotNull @Pattern(regexp = "[A-Za-z0-9_.-]{1,120}", message = "must be a collection name") String collection,
        @NotNull @Pattern(regexp = "[A-Za-z0-9_.]{1,120}", message = "must be a field name") String timeField,
        @Min(1) @Max(36_500) int olderThanDays,
        boolean dryRun)
        implements RequestPayload {}
