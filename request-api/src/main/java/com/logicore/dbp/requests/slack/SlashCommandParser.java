package com.logicore.dbp.requests.slack;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the text after {@code /db} into a command. Submissions become the same JSON body the REST API takes, so the
 * REST validator and intake judge them; this class only splits words.
 */
public final class SlashCommandParser {

    /** What the user asked for. */
    public sealed interface Command {}

    public record Help() implements Command {}

    public record Status(String requestId) implements Command {}

    public record ListOpen() implements Command {}

    /** Open a form; {@code type} is null when the user did not name one. */
    public record NewForm(String type) implements Command {}

    /** A request to submit: the REST body and a one-line summary for replies. */
    public record Submit(Map<String, Object> body, String summary) implements Command {}

    /** The text is not a command; {@code message} says how to write it. */
    public record Invalid(String message) implements Command {}

    private static final Pattern INDEX =
            Pattern.compile("(?is)index\\s+([^\\s.(]+)\\.([^\\s(]+)\\s*\\(([^)]*)\\)\\s*(unique)?\\s*");
    private static final Pattern ACCESS = Pattern.compile("(?is)access\\s+(\\S+)\\s+(\\S+)\\s+(.+)");
    private static final Pattern EXPORT = Pattern.compile("(?is)export\\s+([^\\s.]+)\\.(\\S+)\\s+(\\S+)\\s+(.+)");
    private static final Pattern REVIEW = Pattern.compile("(?is)review\\s+(.+)");
    private static final Pattern SCHEMA_OF_QUERY =
            Pattern.compile("(?i)\\b(?:from|join)\\s+\"?([A-Za-z_][A-Za-z0-9_]*)\"?\\s*\\.");

    private SlashCommandParser() {}

    public static Command parse(String text, String database, String username) {
        String trimmed = text == null ? "" : text.trim();
        String verb = trimmed.isEmpty() ? "help" : trimmed.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        String rest = trimmed.contains(" ")
                ? trimmed.substring(trimmed.indexOf(' ') + 1).trim()
                : "";
        return switch (verb) {
            case "help" -> new Help();
            case "list" -> new ListOpen();
            case "status" -> rest.isEmpty()
                    ? new Invalid("Which request? `/db status <request id>`")
                    : new Status(rest.split("\\s+")[0]);
            case "new" -> new NewForm(rest.isEmpty() ? null : rest.split("\\s+")[0]);
            case "index" -> index(trimmed, database);
            case "review" -> review(trimmed, database);
            case "access" -> access(trimmed, database, username);
            case "export" -> export(trimmed, database);
            default -> new Invalid("I don't know `" + verb + "`. Try `/db help`.");
        };
    }

    private static Command index(String text, String database) {
        Matcher m = INDEX.matcher(text);
        if (!m.matches()) {
            return new Invalid("Write it as `/db index <schema.table> (<column>[, <column>…]) [unique]`,"
                    + " e.g. `/db index routing.stops (eta)`");
        }
        List<String> columns = Arrays.stream(m.group(3).split(","))
                .map(String::trim)
                .filter(c -> !c.isEmpty())
                .toList();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("table", m.group(2));
        payload.put("columns", columns);
        if (m.group(4) != null) {
            payload.put("unique", true);
        }
        return new Submit(
                body("CREATE_INDEX", database, m.group(1), payload, null),
                "index on " + m.group(1) + "." + m.group(2) + " (" + String.join(", ", columns) + ")");
    }

    private static Command review(String text, String database) {
        Matcher m = REVIEW.matcher(text);
        if (!m.matches()) {
            return new Invalid("Write it as `/db review <SELECT …>`");
        }
        String sql = m.group(1).trim();
        Matcher schema = SCHEMA_OF_QUERY.matcher(sql);
        if (!schema.find()) {
            return new Invalid(
                    "Name the tables with their schema (`FROM routing.stops`), so I know whose query it is.");
        }
        return new Submit(
                body("QUERY_REVIEW", database, schema.group(1), Map.of("sql", sql), null),
                "query review in " + schema.group(1));
    }

    private static Command access(String text, String database, String username) {
        Matcher m = ACCESS.matcher(text);
        if (!m.matches()) {
            return new Invalid("Write it as `/db access <schema> <hours> <reason>`,"
                    + " e.g. `/db access routing 8 incident 4711: late ETAs`");
        }
        int hours;
        try {
            hours = Integer.parseInt(m.group(2));
        } catch (NumberFormatException e) {
            return new Invalid("Hours must be a whole number, e.g. `/db access routing 8 incident 4711`");
        }
        String reason = m.group(3).trim();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("grantee", username);
        payload.put("granteeKind", "PERSON");
        payload.put("durationHours", hours);
        payload.put("reason", reason);
        return new Submit(
                body("ACCESS_GRANT", database, m.group(1), payload, reason),
                "read access to " + m.group(1) + " for " + hours + " h");
    }

    private static Command export(String text, String database) {
        Matcher m = EXPORT.matcher(text);
        if (!m.matches()) {
            return new Invalid("Write it as `/db export <schema.table> <csv|jsonl|parquet> <purpose>`,"
                    + " e.g. `/db export deliveries.deliveries csv analytics: weekly volume`."
                    + " For a SELECT use `/db new data_export`.");
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("tables", List.of(m.group(2)));
        payload.put("format", m.group(3).toUpperCase(Locale.ROOT));
        payload.put("purpose", m.group(4).trim());
        return new Submit(
                body("DATA_EXPORT", database, m.group(1), payload, null),
                "export of " + m.group(1) + "." + m.group(2) + " as "
                        + m.group(3).toUpperCase(Locale.ROOT));
    }

    static Map<String, Object> body(String type, String database, String schema, Object payload, String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("target", Map.of("database", database, "schema", schema));
        body.put("payload", payload);
        if (reason != null) {
            body.put("reason", reason);
        }
        return body;
    }
}
