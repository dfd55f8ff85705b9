package com.logicore.dbp.approval.policy;

import java.util.Set;

/**
 * What the target database's catalog says about a table.
 *
 * @param estimatedRows the planner's estimate ({@code pg_class.reltuples}); negative when never analysed
 */
public record TableFacts(long estimatedRows, Set<String> columns) {

    public boolean hasStatistics() {
        return estimatedRows >= 0;
    }
}
