package com.logicore.dbp.approval.lint;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * A query a team wants to read with (an export, a query review), understood by JSqlParser where it can: whether it
 * only reads, and which tables it reads. Where JSqlParser cannot parse it, the token reader answers instead (and the
 * database still enforces read-only access when the query runs).
 *
 * @param tables every table read, as {@code schema.table} (unqualified names resolve to the target schema)
 * @param readOnly one SELECT (or WITH … SELECT) that changes nothing
 * @param parsedBy {@code jsqlparser} or {@code tokens}
 */
public record ReadQuery(Set<String> tables, boolean readOnly, String parsedBy) {

    private static final Pattern WRITES =
            Pattern.compile("\\b(INSERT|UPDATE|DELETE|MERGE|TRUNCATE|FOR\\s+(UPDATE|SHARE|NO\\s+KEY))\\b");

    public static ReadQuery of(String sql, String defaultSchema) {
        // A data-modifying CTE (WITH gone AS (DELETE …) SELECT …) parses as a Select: the keyword check stays.
        String upper = sql.toUpperCase(Locale.ROOT);
        boolean noWriteKeywords = !WRITES.matcher(stripStrings(upper)).find();
        try {
            Statement statement = CCJSqlParserUtil.parse(sql);
            Set<String> tables = new LinkedHashSet<>();
            for (String name : new TablesNamesFinder<Void>().getTables(statement)) {
                String lower = unquote(name);
                tables.add(lower.contains(".") ? lower : defaultSchema + "." + lower);
            }
            return new ReadQuery(tables, statement instanceof Select && noWriteKeywords, "jsqlparser");
        } catch (JSQLParserException | RuntimeException e) {
            String trimmed = upper.strip();
            boolean select = trimmed.startsWith("SELECT") || trimmed.startsWith("WITH") || trimmed.startsWith("(");
            return new ReadQuery(TouchedTables.read(sql, defaultSchema), select && noWriteKeywords, "tokens");
        }
    }

    /** Unquoted names fold to lower case; quoted ones keep their case. */
    private static String unquote(String name) {
        StringBuilder out = new StringBuilder();
        for (String part : name.split("\\.")) {
            if (!out.isEmpty()) {
                out.append('.');
            }
            out.append(
                    part.startsWith("\"") && part.endsWith("\"")
                            ? part.substring(1, part.length() - 1)
                            : part.toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }

    /** The text outside single-quoted strings, so a keyword inside a literal is not mistaken for a write. */
    private static String stripStrings(String sql) {
        return sql.replaceAll("'(?:[^']|'')*'", "''");
    }
}
