package com.logicore.dbp.approval.policy;

import java.util.Set;

/**
 * What the target database's catalog says about a table.
 *
 * @param estimatedRows the planner's estimate ({@code pg_class.reltuples}); negative when never analysed
 * @param sizeBytes table, indexes and TOAST ({@code pg_total_relation_size})
 */
public record TableFacts(long estimatedRows, long sizeBytes, Set<String> columns) {

    /** "about 150,000 rows, 31 MB", for findings. */
    public String describe() {
        String rows = hasStatistics()
                ? String.format(java.util.Locale.ROOT, "about %,d rows", estimatedRows)
                : "row count unknown";
        return rows + ", " + humanBytes(sizeBytes);
    }

    static String humanBytes(long bytes) {
        if (bytes < 1024 * 1024) {
            return Math.max(1, bytes / 1024) + " kB";
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
        }
        return String.format(java.util.Locale.ROOT, "%.1f GB", bytes / (1024.0 * 1024 * 1024));
    }

    public boolean hasStatistics() {
        return estimatedRows >= 0;
    }
}
