package com.logicore.dbp.requests.slack;

import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.option;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.plainTextInput;
import static com.slack.api.model.block.element.BlockElements.staticSelect;
import static com.slack.api.model.view.Views.view;
import static com.slack.api.model.view.Views.viewClose;
import static com.slack.api.model.view.Views.viewSubmit;
import static com.slack.api.model.view.Views.viewTitle;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.requests.rest.problem.Problem.FieldError;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.OptionObject;
import com.slack.api.model.view.View;
import com.slack.api.model.view.ViewState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The modals: one form per request type ({@code /db new <type>}) and the reject-with-reason form. A form's answers
 * become the REST body, and the REST validator's field errors are mapped back onto the form's blocks (Slack shows
 * them inline via {@code response_action: errors}).
 */
public final class SlackForms {

    public static final String NEW_REQUEST = "dbp_new_request";
    public static final String REJECT = "dbp_reject_reason";
    public static final String PICK_TYPE = "dbp_pick_type";
    static final String VALUE = "value";

    /** Request types as users type them: {@code create_index}, {@code schema_change}, … */
    public static final List<String> TYPES = Arrays.stream(RequestType.values())
            .map(t -> t.name().toLowerCase(Locale.ROOT))
            .toList();

    private SlackForms() {}

    /** Parses {@code create_index}, {@code create-index} or {@code CREATE_INDEX}; null when unknown. */
    public static RequestType type(String text) {
        if (text == null) {
            return null;
        }
        try {
            return RequestType.valueOf(text.trim().replace('-', '_').toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code /db new} without a type: pick one; the choice replaces this view by that type's form. */
    public static View typePicker() {
        List<OptionObject> options = Arrays.stream(RequestType.values())
                .map(t -> option(plainText(t.name().toLowerCase(Locale.ROOT)), t.name()))
                .toList();
        return view(v -> v.type("modal")
                .callbackId(PICK_TYPE)
                .title(viewTitle(t -> t.type("plain_text").text("New request")))
                .close(viewClose(c -> c.type("plain_text").text("Cancel")))
                .blocks(List.of(section(s -> s.blockId("type")
                        .text(markdownText("What do you need?"))
                        .accessory(staticSelect(select -> select.actionId(PICK_TYPE)
                                .placeholder(plainText("request type"))
                                .options(options)))))));
    }

    public static View newRequest(RequestType type, String defaultSchema) {
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(field("schema", "Schema", false, false, defaultSchema));
        switch (type) {
            case CREATE_INDEX -> {
                blocks.add(field("table", "Table", false, false, null));
                blocks.add(field("columns", "Columns (comma-separated)", false, false, null));
            }
            case SCHEMA_CHANGE -> {
                blocks.add(field("version", "Version", false, false, null));
                blocks.add(field("description", "Description", false, false, null));
                blocks.add(field("sql", "SQL", true, false, null));
                blocks.add(field("undo_sql", "Undo SQL", true, true, null));
            }
            case QUERY_REVIEW -> blocks.add(field("sql", "SELECT to review", true, false, null));
            case ACCESS_GRANT -> blocks.add(field("hours", "Hours", false, false, "8"));
            case DATA_EXPORT -> {
                blocks.add(field("query", "SELECT to export", true, false, null));
                blocks.add(field("format", "Format (CSV, JSONL or PARQUET)", false, false, "CSV"));
                blocks.add(field("purpose", "Purpose (e.g. analytics: weekly volume)", false, false, null));
            }
            default -> blocks.add(field("payload", "Payload (JSON, see GET /api/v1/request-types)", true, false, "{}"));
        }
        blocks.add(field("reason", "Reason", true, type != RequestType.ACCESS_GRANT, null));
        return view(v -> v.type("modal")
                .callbackId(NEW_REQUEST)
                .privateMetadata(type.name())
                .title(viewTitle(t -> t.type("plain_text").text(SlackMessages.clip(title(type), 24))))
                .submit(viewSubmit(s -> s.type("plain_text").text("Submit")))
                .close(viewClose(c -> c.type("plain_text").text("Cancel")))
                .blocks(blocks));
    }

    public static View rejectReason(String requestId) {
        return view(v -> v.type("modal")
                .callbackId(REJECT)
                .privateMetadata(requestId)
                .title(viewTitle(t -> t.type("plain_text").text("Reject request")))
                .submit(viewSubmit(s -> s.type("plain_text").text("Reject")))
                .close(viewClose(c -> c.type("plain_text").text("Cancel")))
                .blocks(List.of(field("reason", "Why? The requester reads this.", true, false, null))));
    }

    /** The REST body a submitted form stands for. */
    public static Map<String, Object> body(
            RequestType type, String database, String username, Map<String, String> values) {
        Map<String, Object> payload = new LinkedHashMap<>();
        switch (type) {
            case CREATE_INDEX -> {
                payload.put("table", values.get("table"));
                payload.put(
                        "columns",
                        values.get("columns") == null
                                ? List.of()
                                : Arrays.stream(values.get("columns").split(","))
                                        .map(String::trim)
                                        .filter(c -> !c.isEmpty())
                                        .toList());
            }
            case SCHEMA_CHANGE -> {
                Map<String, Object> migration = new LinkedHashMap<>();
                migration.put("version", values.get("version"));
                migration.put("description", values.get("description"));
                migration.put("sql", values.get("sql"));
                migration.put("undoSql", values.get("undo_sql"));
                payload.put("migrations", List.of(migration));
            }
            case QUERY_REVIEW -> payload.put("sql", values.get("sql"));
            case ACCESS_GRANT -> {
                payload.put("grantee", username);
                payload.put("granteeKind", "PERSON");
                payload.put("durationHours", number(values.get("hours")));
                payload.put("reason", values.get("reason"));
            }
            case DATA_EXPORT -> {
                payload.put("query", values.get("query"));
                payload.put(
                        "format",
                        values.get("format") == null
                                ? null
                                : values.get("format").toUpperCase(Locale.ROOT));
                payload.put("purpose", values.get("purpose"));
            }
            default -> {
                return SlashCommandParser.body(
                        type.name(),
                        database,
                        values.get("schema"),
                        payloadJson(values.get("payload")),
                        values.get("reason"));
            }
        }
        return SlashCommandParser.body(type.name(), database, values.get("schema"), payload, values.get("reason"));
    }

    /** A free-form payload (types without a dedicated form) as JSON, or null when it is not JSON. */
    public static JsonNode payloadJson(String text) {
        try {
            return text == null ? null : EventJson.mapper().readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    /** Values of a submitted form by block id. */
    public static Map<String, String> values(View view) {
        Map<String, String> values = new LinkedHashMap<>();
        if (view.getState() == null || view.getState().getValues() == null) {
            return values;
        }
        for (var block : view.getState().getValues().entrySet()) {
            ViewState.Value value = block.getValue().get(VALUE);
            if (value != null && value.getValue() != null && !value.getValue().isBlank()) {
                values.put(block.getKey(), value.getValue().trim());
            }
        }
        return values;
    }

    /** The validator's field errors on the form's blocks (Slack shows one message per block). */
    public static Map<String, String> blockErrors(List<FieldError> errors, List<String> blockIds) {
        Map<String, String> byBlock = new LinkedHashMap<>();
        for (FieldError error : errors) {
            String block = blockOf(error.field(), blockIds);
            byBlock.merge(block, error.message(), (a, b) -> a + "; " + b);
        }
        return byBlock;
    }

    static String blockOf(String field, List<String> blockIds) {
        String f = field == null ? "" : field.replaceAll("\\[\\d+]", "");
        String block =
                switch (f) {
                    case "target.schema" -> "schema";
                    case "reason", "payload.reason" -> "reason";
                    case "payload.durationHours" -> "hours";
                    case "payload.migrations.undoSql" -> "undo_sql";
                    case "payload.tables", "payload.query" -> "query";
                    default -> f.contains(".") ? f.substring(f.lastIndexOf('.') + 1) : f;
                };
        if (blockIds.contains(block)) {
            return block;
        }
        if (blockIds.contains("payload")) {
            return "payload";
        }
        return blockIds.get(0);
    }

    private static Object number(String text) {
        try {
            return text == null ? null : Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return text;
        }
    }

    private static String title(RequestType type) {
        String words = type.name().replace('_', ' ').toLowerCase(Locale.ROOT);
        return "New " + words;
    }

    private static LayoutBlock field(String id, String label, boolean multiline, boolean optional, String initial) {
        return input(
                i -> i.blockId(id).label(plainText(label)).optional(optional).element(plainTextInput(p -> p.actionId(
                                VALUE)
                        .multiline(multiline)
                        .initialValue(initial))));
    }
}
