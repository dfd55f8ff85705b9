package com.logicore.dbp.export.archive;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/**
 * An ARCHIVE job's payload ({@code ArchivePayload}), read leniently so older payloads keep working and checked again
 * here (the worker trusts no payload): {@code noDelete} (copy and verify only), {@code maxDocsPerSecond} (throttle;
 * absent or null means the worker's default), {@code restoreFromRequestId} (put an earlier archive run's documents
 * back into {@code collection}).
 */
public record ArchiveOptions(
        String collection,
        String timeField,
        int olderThanDays,
        boolean dryRun,
        boolean noDelete,
        int maxDocsPerSecond,
        String restoreFromRequestId) {

    private static final Pattern COLLECTION = Pattern.compile("[A-Za-z0-9_.-]{1,120}");
    private static final Pattern FIELD = Pattern.compile("[A-Za-z0-9_.]{1,120}");

    public static ArchiveOptions of(JsonNode payload, int defaultDocsPerSecond) {
        String collection = payload.path("collection").asText("");
        String timeField = payload.path("timeField").asText("");
        if (!COLLECTION.matcher(collection).matches() || collection.startsWith("system.")) {
            throw new IllegalArgumentException("collection is not a plain collection name: " + collection);
        }
        String restore = payload.hasNonNull("restoreFromRequestId")
                ? payload.get("restoreFromRequestId").asText()
                : null;
        if (restore == null && !FIELD.matcher(timeField).matches()) {
            throw new IllegalArgumentException("timeField is not a field name: " + timeField);
        }
        int days = payload.path("olderThanDays").asInt(0);
        if (restore == null && (days < 1 || days > 36_500)) {
            throw new IllegalArgumentException("olderThanDays must be 1..36500, was " + days);
        }
        return new ArchiveOptions(
                collection,
                timeField,
                days,
                payload.path("dryRun").asBoolean(false),
                payload.path("noDelete").asBoolean(false),
                payload.hasNonNull("maxDocsPerSecond")
                        ? Math.max(0, payload.get("maxDocsPerSecond").asInt())
                        : defaultDocsPerSecond,
                restore);
    }
}
