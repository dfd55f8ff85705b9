package com.logicore.dbp.requests.slack;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.asBlocks;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.asElements;
import static com.slack.api.model.block.element.BlockElements.button;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.payload.Finding;
import com.slack.api.model.block.LayoutBlock;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The bot's words and Block Kit layouts; no I/O, so they are unit-testable. */
public final class SlackMessages {

    public static final String APPROVE_ACTION = "dbp_approve";
    public static final String REJECT_ACTION = "dbp_reject";
    static final int TOP_FINDINGS = 5;

    private SlackMessages() {}

    public static String help() {
        return String.join(
                "\n",
                "*/db* — the database self-service platform",
                "• `/db help` — this text",
                "• `/db status <id>` — state, risk and latest timeline lines of a request",
                "• `/db list` — your team's open requests",
                "• `/db index <schema.table> (<columns>) [unique]` — ask for an index, e.g. `/db index routing.stops (eta)`",
                "• `/db review <SELECT …>` — a query review: plan, findings, index advice",
                "• `/db access <schema> <hours> <reason>` — time-boxed read access to the replica for you",
                "• `/db export <schema.table> <csv|jsonl|parquet> <purpose>` — export a table (masked)",
                "• `/db new [type]` — a form for any request type (" + String.join(", ", SlackForms.TYPES) + ")",
                "I follow every request you submit in a DM thread: approved, running, succeeded or failed.");
    }

    public static String notLinked(String slackUserId) {
        return "You are not linked to a platform identity yet, so I cannot act for you. Ask a platform admin to link"
                + " your Slack user `" + slackUserId + "` to your platform user name:\n"
                + "`PUT /api/v1/admin/slack-users/" + slackUserId + "` with `{\"username\": \"<your user name>\"}`.";
    }

    /** The approval message: who asked, what, the risk, the top findings, and the buttons while still open. */
    public record ApprovalCard(
            String requestId,
            String type,
            String team,
            String requester,
            String target,
            String what,
            String risk,
            List<Finding> findings,
            List<String> stillNeeded,
            List<String> approvedBy,
            String outcome) {

        public String text() {
            return (outcome == null ? "Approval needed: " : outcome + ": ") + type + " on " + target + " by "
                    + requester + " (request " + requestId + ")";
        }

        public List<LayoutBlock> blocks() {
            List<LayoutBlock> blocks = new ArrayList<>();
            blocks.add(header(
                    h -> h.text(plainText(outcome == null ? "Approval needed: " + type : outcome + ": " + type))));
            blocks.add(section(s -> s.text(markdownText("*" + requester + "* (team " + team + ") asks for *" + type
                    + "* on `" + target + "`\nRisk: *" + (risk == null ? "not scored" : risk) + "*\nRequest `"
                    + requestId + "`"))));
            blocks.add(section(s -> s.text(markdownText("```" + clip(what, 2_500) + "```"))));
            if (!findings.isEmpty()) {
                StringBuilder lines = new StringBuilder("*Findings*");
                findings.stream()
                        .sorted(Comparator.comparing((Finding f) -> f.severity().ordinal())
                                .reversed())
                        .limit(TOP_FINDINGS)
                        .forEach(f -> lines.append("\n• ")
                                .append(f.severity())
                                .append(" `")
                                .append(f.code())
                                .append("` ")
                                .append(f.message()));
                if (findings.size() > TOP_FINDINGS) {
                    lines.append("\n…and ")
                            .append(findings.size() - TOP_FINDINGS)
                            .append(" more");
                }
                blocks.add(section(s -> s.text(markdownText(clip(lines.toString(), 2_900)))));
            }
            String approvals =
                    (approvedBy.isEmpty() ? "No approvals yet." : "Approved by " + String.join(", ", approvedBy) + ".")
                            + (outcome == null
                                    ? " Still needed: "
                                            + (stillNeeded.isEmpty() ? "confirmation by policy" : describe(stillNeeded))
                                            + "."
                                    : "");
            blocks.add(context(c -> c.elements(List.of(markdownText(approvals)))));
            if (outcome == null) {
                blocks.add(actions(a -> a.blockId("decision")
                        .elements(asElements(
                                button(b -> b.actionId(APPROVE_ACTION)
                                        .text(plainText("Approve"))
                                        .style("primary")
                                        .value(requestId)),
                                button(b -> b.actionId(REJECT_ACTION)
                                        .text(plainText("Reject"))
                                        .style("danger")
                                        .value(requestId))))));
            }
            return blocks;
        }
    }

    /** {@code [DBA, OWNER]} as people read it. */
    static String describe(List<String> approverRoles) {
        List<String> words = new ArrayList<>();
        for (String role : approverRoles) {
            words.add(
                    switch (role) {
                        case "DBA" -> "1 DBA";
                        case "OWNER" -> "1 approver of the owning team";
                        case "ANY" -> "1 approver";
                        default -> "1 " + role;
                    });
        }
        return String.join(" + ", words);
    }

    public static List<Finding> findings(String findingsJson) {
        if (findingsJson == null || findingsJson.isBlank()) {
            return List.of();
        }
        try {
            return EventJson.mapper().readValue(findingsJson, new TypeReference<List<Finding>>() {});
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The essentials of a request's payload, for people. */
    public static String what(String type, String payloadJson) {
        try {
            JsonNode payload = EventJson.mapper().readTree(payloadJson);
            return switch (type) {
                case "CREATE_INDEX" -> (payload.path("unique").asBoolean() ? "UNIQUE " : "") + "index on "
                        + payload.path("table").asText() + " (" + join(payload.path("columns")) + ")";
                case "SCHEMA_CHANGE" -> {
                    StringBuilder sql = new StringBuilder();
                    for (JsonNode m : payload.path("migrations")) {
                        sql.append("-- ")
                                .append(m.path("version").asText())
                                .append(" ")
                                .append(m.path("description").asText())
                                .append("\n")
                                .append(m.path("sql").asText())
                                .append("\n");
                    }
                    yield sql.toString().trim();
                }
                case "QUERY_REVIEW" -> payload.path("sql").asText();
                default -> payload.toPrettyString();
            };
        } catch (IOException e) {
            return payloadJson;
        }
    }

    /** A job's result as readable lines (download link for exports, applied versions for migrations, …). */
    public static String resultLines(String resultJson) {
        if (resultJson == null || resultJson.isBlank()) {
            return "";
        }
        try {
            JsonNode result = EventJson.mapper().readTree(resultJson);
            if (!result.isObject()) {
                return clip(result.toString(), 1_000);
            }
            StringBuilder lines = new StringBuilder();
            Iterator<Map.Entry<String, JsonNode>> fields = result.fields();
            int shown = 0;
            while (fields.hasNext() && shown++ < 12) {
                var field = fields.next();
                JsonNode value = field.getValue();
                lines.append("\n• ")
                        .append(field.getKey())
                        .append(": ")
                        .append(value.isValueNode() ? value.asText() : clip(value.toString(), 300));
            }
            return lines.toString();
        } catch (IOException e) {
            return clip(resultJson, 1_000);
        }
    }

    private static String join(JsonNode array) {
        List<String> items = new ArrayList<>();
        array.forEach(n -> items.add(n.asText()));
        return String.join(", ", items);
    }

    static String clip(String text, int max) {
        if (text == null) {
            return "";
        }
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /** Plain text as blocks, for replies that need no layout. */
    public static List<LayoutBlock> textBlocks(String markdown) {
        return asBlocks(section(s -> s.text(markdownText(clip(markdown, 2_900)))));
    }
}
