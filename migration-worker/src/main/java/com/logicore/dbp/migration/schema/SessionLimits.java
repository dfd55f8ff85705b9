package com.logicore.dbp.migration.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * {@code lock_timeout} and {@code statement_timeout} for a team session: the worker's configured values unless policy
 * set a per-job override in the job's directives (PostgreSQL interval text such as {@code 3s} or {@code 10min}).
 */
public record SessionLimits(String lockTimeout, String statementTimeout) {

    // Only a number with a PostgreSQL time unit: the value ends up in a SET statement.
    private static final Pattern TIMEOUT = Pattern.compile("[0-9]{1,9}\\s*(us|ms|s|min|h|d)?");

    public static SessionLimits of(Duration lockTimeout, Duration statementTimeout, JsonNode directives) {
        return new SessionLimits(
                override(directives, "lockTimeout", lockTimeout),
                override(directives, "statementTimeout", statementTimeout));
    }

    private static String override(JsonNode directives, String field, Duration fallback) {
        if (directives == null || !directives.hasNonNull(field)) {
            return fallback.toMillis() + "ms";
        }
        String value = directives.get(field).asText().trim();
        if (!TIMEOUT.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "directive " + field + " '" + value + "' is not a timeout like 3s, 500ms or 10min");
        }
        return value;
    }

    /** The statements that put a fresh session under these limits. */
    public String initSql() {
        return "SET lock_timeout = '" + lockTimeout + "'; SET statement_timeout = '" + statementTimeout + "'";
    }
}
