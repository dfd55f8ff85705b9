package com.logicore.dbp.events.payload;

import java.time.Instant;

/**
 * An export's files were deleted from the store because they expired; its download link answers 410 Gone from now
 * on. Information on a finished request, not a state change.
 */
public record ExportPurged(String requestId, Instant expiredAt, int files, String detail) implements EventPayload {}
