package com.logicore.dbp.requests.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.logicore.dbp.requests.rest.problem.Problem.FieldError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlashCommandParserTest {

    @Test
    void indexBecomesTheRestBodyOfACreateIndexRequest() {
        var command = SlashCommandParser.parse("index routing.stops (route_id, planned_arrival)", "logicore", "sam");
        assertThat(command).isInstanceOf(SlashCommandParser.Submit.class);
        var body = ((SlashCommandParser.Submit) command).body();
        assertThat(body)
                .containsEntry("type", "CREATE_INDEX")
                .containsEntry("target", Map.of("database", "logicore", "schema", "routing"));
        assertThat(body.get("payload"))
                .isEqualTo(Map.of("table", "stops", "columns", List.of("route_id", "planned_arrival")));
    }

    @Test
    void accessIsForTheCallerAndReviewFindsTheSchemaInTheQuery() {
        var access = (SlashCommandParser.Submit)
                SlashCommandParser.parse("access routing 8 incident 4711: late ETAs", "logicore", "sam");
        assertThat(access.body().get("payload"))
                .isEqualTo(Map.of(
                        "grantee",
                        "sam",
                        "granteeKind",
                        "PERSON",
                        "durationHours",
                        8,
                        "reason",
                        "incident 4711: late ETAs"));
        var review = (SlashCommandParser.Submit) SlashCommandParser.parse(
                "review SELECT * FROM routing.stops s JOIN routing.routes r ON r.id = s.route_id WHERE s.eta > now()",
                "logicore",
                "sam");
        assertThat(review.body().get("target")).isEqualTo(Map.of("database", "logicore", "schema", "routing"));
    }

    @Test
    void malformedCommandsSayHowToWriteThem() {
        assertThat(SlashCommandParser.parse("index routing.stops eta", "logicore", "sam"))
                .isInstanceOf(SlashCommandParser.Invalid.class)
                .extracting(c -> ((SlashCommandParser.Invalid) c).message())
                .asString()
                .contains("/db index <schema.table>");
        assertThat(SlashCommandParser.parse("access routing eight hours", "logicore", "sam"))
                .isInstanceOf(SlashCommandParser.Invalid.class);
        assertThat(SlashCommandParser.parse("review SELECT 1", "logicore", "sam"))
                .isInstanceOf(SlashCommandParser.Invalid.class);
        assertThat(SlashCommandParser.parse("drop everything", "logicore", "sam"))
                .isInstanceOf(SlashCommandParser.Invalid.class);
        assertThat(SlashCommandParser.parse("", "logicore", "sam")).isInstanceOf(SlashCommandParser.Help.class);
    }

    @Test
    void validatorFieldErrorsLandOnTheFormBlocks() {
        var blocks = List.of("schema", "version", "description", "sql", "undo_sql", "reason");
        var errors = SlackForms.blockErrors(
                List.of(
                        new FieldError("payload.migrations[0].version", "must be a version like 7 or 2.1.3"),
                        new FieldError("target.schema", "must be a lower-case identifier"),
                        new FieldError("payload.migrations[0].undoSql", "too long")),
                blocks);
        assertThat(errors)
                .containsEntry("version", "must be a version like 7 or 2.1.3")
                .containsEntry("schema", "must be a lower-case identifier")
                .containsEntry("undo_sql", "too long");
    }
}
