package com.logicore.dbp.export.masking;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Writes the SQL of a masking view: every column of the table, catalogued ones replaced by their masked value. The
 * hash salt is read from a table only the view's owner can read, so it never appears in the view's definition (which
 * any role can read from {@code pg_views}).
 */
public final class MaskingViewGenerator {

    /** Schema of the worker's own masking objects (the salt); no grant to anyone. */
    public static final String PRIVATE_SCHEMA = "dbp_masking";

    public static final String REDACTED = "[REDACTED]";

    private MaskingViewGenerator() {}

    /** The schema holding the masking views of {@code schema}. */
    public static String maskedSchema(String schema) {
        return schema + "_masked";
    }

    /** A table's column as read from the catalog. */
    public record Column(String name, String type) {}

    /**
     * {@code CREATE VIEW <schema>_masked.<table> AS SELECT …}. Fails when a rule names a column the table does not
     * have: the catalog is out of step with the schema, and guessing would export PII.
     */
    public static String createView(String schema, String table, List<Column> columns, List<MaskingRule> rules) {
        Map<String, MaskingRule> byColumn = rules.stream()
                .filter(r -> r.schema().equals(schema) && r.table().equals(table))
                .collect(Collectors.toMap(MaskingRule::column, Function.identity(), (a, b) -> a));
        for (String column : byColumn.keySet()) {
            if (columns.stream().noneMatch(c -> c.name().equals(column))) {
                throw new IllegalArgumentException("PII catalog names column " + schema + "." + table + "." + column
                        + ", which the table does not have");
            }
        }
        String selectList = columns.stream()
                .map(c -> {
                    MaskingRule rule = byColumn.get(c.name());
                    return rule == null ? quote(c.name()) : expression(rule) + " AS " + quote(c.name());
                })
                .collect(Collectors.joining(", "));
        return "CREATE VIEW " + quote(maskedSchema(schema)) + "." + quote(table) + " AS SELECT " + selectList + " FROM "
                + quote(schema) + "." + quote(table);
    }

    /** The SQL expression of one masked column; NULL stays NULL. */
    static String expression(MaskingRule rule) {
        String value = quote(rule.column()) + "::text";
        return switch (rule.method()) {
            case REDACT -> "CASE WHEN " + value + " IS NULL THEN NULL ELSE '" + REDACTED + "' END";
            case PARTIAL -> partial(value, rule.keep());
            case HASH -> "encode(sha256(convert_to((SELECT salt FROM " + PRIVATE_SCHEMA + ".salt) || " + value
                    + ", 'UTF8')), 'hex')";
        };
    }

    // "+49 1123456712" -> "+49 *** *** 12"; a value without an international prefix -> "*** *** 12";
    // a value no longer than what is kept is starred out entirely.
    private static String partial(String value, int keep) {
        return "CASE WHEN " + value + " IS NULL THEN NULL"
                + " WHEN length(" + value + ") <= " + keep * 2 + " THEN repeat('*', length(" + value + "))"
                + " ELSE concat(CASE WHEN " + value + " ~ '^\\+[0-9]{1,3} ' THEN split_part(" + value
                + ", ' ', 1) || ' ' END, '*** *** ', right(" + value + ", " + keep + ")) END";
    }

    public static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
