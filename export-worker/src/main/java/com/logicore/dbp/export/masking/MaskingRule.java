package com.logicore.dbp.export.masking;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One catalogued PII column and how policy says it must be masked, e.g. {@code fleet.drivers.phone PARTIAL keep 2}.
 *
 * @param keep characters kept at the end by {@link Method#PARTIAL}
 */
public record MaskingRule(String schema, String table, String column, Method method, int keep) {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_$]{0,62}");

    /** How a column is masked. */
    public enum Method {
        /** The value is replaced by a fixed marker. */
        REDACT,
        /** The country prefix and the last {@code keep} characters survive: {@code +49 *** *** 12}. */
        PARTIAL,
        /** A salted SHA-256: equal values give equal hashes (joinable) across exports with the same salt. */
        HASH
    }

    public MaskingRule {
        requireIdentifier(schema, "schema");
        requireIdentifier(table, "table");
        requireIdentifier(column, "column");
        if (keep < 0 || keep > 8) {
            throw new IllegalArgumentException("masking keep must be 0..8, was " + keep);
        }
    }

    /** The rules in {@code directives.masking}; a rule naming a table without schema belongs to {@code schema}. */
    public static List<MaskingRule> fromDirectives(JsonNode directives, String defaultSchema) {
        List<MaskingRule> rules = new ArrayList<>();
        JsonNode masking = directives == null ? null : directives.get("masking");
        if (masking == null || masking.isNull()) {
            return rules;
        }
        if (!masking.isArray()) {
            throw new IllegalArgumentException("directives.masking must be an array");
        }
        for (JsonNode entry : masking) {
            String qualified = entry.path("table").asText("");
            int dot = qualified.indexOf('.');
            String schema = dot < 0 ? defaultSchema : qualified.substring(0, dot);
            String table = dot < 0 ? qualified : qualified.substring(dot + 1);
            Method method = Method.valueOf(entry.path("method").asText("REDACT").toUpperCase(Locale.ROOT));
            rules.add(new MaskingRule(
                    schema,
                    table,
                    entry.path("column").asText(""),
                    method,
                    entry.path("keep").asInt(2)));
        }
        return rules;
    }

    public String qualifiedTable() {
        return schema + "." + table;
    }

    private static void requireIdentifier(String value, String what) {
        if (value == null || !IDENTIFIER.matcher(value).matches()) {
            throw new IllegalArgumentException("masking " + what + " is not a plain identifier: " + value);
        }
    }
}
