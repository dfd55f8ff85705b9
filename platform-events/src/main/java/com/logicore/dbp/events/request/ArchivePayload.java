package com.logicore.dbp.events.request;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * Move MongoDB documents older than a cutoff to the archive (copy, verify, then delete), or put an earlier archive
 * run's documents back.
 *
 * @param noDelete copy and verify only; the source keeps its documents
 * @param maxDocsPerSecond throttle so the source is not overloaded; absent means the worker's default
 * @param restoreFromRequestId restore the archive written by that ARCHIVE request into {@code collection} instead of
 *     archiving; {@code timeField} and {@code olderThanDays} are then not needed
 */
public record ArchivePayload(
        @NotNull @Pattern(regexp = "[A-Za-z0-9_.-]{1,120}", message = "must be a collection name") String collection,
        @Pattern(regexp = "[A-Za-z0-9_.]{1,120}", message = "must be a field name") String timeField,
        @Min(0) @Max(36_500) int olderThanDays,
        boolean dryRun,
        boolean noDelete,
        @Min(1) @Max(1_000_000) Integer maxDocsPerSecond,
        @Pattern(
                        regexp = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
                        message = "must be the id of an ARCHIVE request")
                String restoreFromRequestId)
        implements RequestPayload {

    /** An archive run with the essentials only (no throttle, deleting, not a restore). */
    public ArchivePayload(String collection, String timeField, int olderThanDays, boolean dryRun) {
        this(collection, timeField, olderThanDays, dryRun, false, null, null);
    }

    @JsonIgnore
    public boolean isRestore() {
        return restoreFromRequestId != null;
    }

    @JsonIgnore
    @AssertTrue(message = "an archive run needs timeField and olderThanDays of 1 or more")
    public boolean isArchiveRunComplete() {
        return isRestore() || (timeField != null && olderThanDays >= 1);
    }

    @JsonIgnore
    @AssertTrue(message = "a restore (restoreFromRequestId) is neither a dry run nor a no-delete run")
    public boolean isRestoreWithoutRunFlags() {
        return !isRestore() || (!dryRun && !noDelete);
    }
}
