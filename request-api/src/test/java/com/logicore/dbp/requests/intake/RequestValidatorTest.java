package com.logicore.dbp.requests.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.requests.rest.problem.ProblemException;
import jakarta.validation.Validation;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestValidatorTest {

    private final RequestValidator validator = new RequestValidator(
            Validation.buildDefaultValidatorFactory().getValidator(), List.of("logicore", "tracking"));

    @Test
    void acceptsAnIndexRequestAndCanonicalisesIt() {
        var a = validator.validate(
                """
                {"type":"CREATE_INDEX","target":{"database":"logicore","schema":"routing"},
                 "payload":{"table":"stops","columns":["route_id"]}}""");
        var b = validator.validate(
                """
                {"payload":{"columns":["route_id"],"table":"stops"},
                 "target":{"schema":"routing","database":"logicore"},"type":"CREATE_INDEX"}""");
        assertThat(a.type()).isEqualTo(RequestType.CREATE_INDEX);
        assertThat(a.bodyHash()).isEqualTo(b.bodyHash());
    }

    @Test
    void namesAnUnknownPayloadField() {
        assertThat(
                        field(
                                """
                {"type":"CREATE_INDEX","target":{"database":"logicore","schema":"fleet"},
                 "payload":{"table":"vehicles","columns":["plate"],"colums":["x"]}}"""))
                .isEqualTo("payload.colums");
    }

    @Test
    void namesAnIdentifierThatIsNotOne() {
        assertThat(
                        field(
                                """
                {"type":"CREATE_INDEX","target":{"database":"logicore","schema":"fleet"},
                 "payload":{"table":"Vehicles; DROP TABLE x","columns":["plate"]}}"""))
                .isEqualTo("payload.table");
        assertThat(
                        field(
                                """
                {"type":"CREATE_INDEX","target":{"database":"logicore","schema":"fleet"},
                 "payload":{"table":"vehicles","columns":["plate); DROP TABLE x; --"]}}"""))
                .isEqualTo("payload.columns[0]");
    }

    @Test
    void namesOversizeSql() {
        String sql = "SELECT 1;" + "x".repeat(70_000);
        assertThat(field("{\"type\":\"QUERY_REVIEW\",\"target\":{\"database\":\"logicore\",\"schema\":\"fleet\"},"
                        + "\"payload\":{\"sql\":\"" + sql + "\"}}"))
                .isEqualTo("payload.sql");
    }

    @Test
    void exportNeedsTablesOrAQueryButNotBoth() {
        assertThat(
                        field(
                                """
                {"type":"DATA_EXPORT","target":{"database":"logicore","schema":"deliveries"},
                 "payload":{"format":"CSV","purpose":"training"}}"""))
                .isEqualTo("payload.tables");
    }

    @Test
    void acceptsTheArchiveOptionsTheWorkerUnderstandsAndForwardsThem() {
        var run = validator.validate(
                """
                {"type":"ARCHIVE","target":{"database":"tracking","schema":"driver_locations"},
                 "payload":{"collection":"driver_locations","timeField":"recordedAt","olderThanDays":90,
                            "noDelete":true,"maxDocsPerSecond":5000}}""");
        assertThat(run.payloadJson()).contains("\"noDelete\":true").contains("\"maxDocsPerSecond\":5000");
        var restore = validator.validate(
                """
                {"type":"ARCHIVE","target":{"database":"tracking","schema":"driver_locations"},
                 "payload":{"collection":"driver_locations",
                            "restoreFromRequestId":"6f1c2a8e-3b4d-4c5e-9f70-8a9b0c1d2e3f"}}""");
        assertThat(restore.payloadJson()).contains("\"restoreFromRequestId\":\"6f1c2a8e-3b4d-4c5e-9f70-8a9b0c1d2e3f\"");
    }

    @Test
    void refusesArchiveOptionsThatDoNotFit() {
        assertThat(
                        field(
                                """
                {"type":"ARCHIVE","target":{"database":"tracking","schema":"driver_locations"},
                 "payload":{"collection":"driver_locations","olderThanDays":90}}"""))
                .as("an archive run without its time field")
                .isEqualTo("payload.timeField");
        assertThat(
                        field(
                                """
                {"type":"ARCHIVE","target":{"database":"tracking","schema":"driver_locations"},
                 "payload":{"collection":"driver_locations","timeField":"recordedAt","olderThanDays":90,
                            "maxDocsPerSecond":0}}"""))
                .isEqualTo("payload.maxDocsPerSecond");
        assertThat(
                        field(
                                """
                {"type":"ARCHIVE","target":{"database":"tracking","schema":"driver_locations"},
                 "payload":{"collection":"driver_locations","restoreFromRequestId":"../../etc"}}"""))
                .isEqualTo("payload.restoreFromRequestId");
        assertThat(
                        field(
                                """
                {"type":"ARCHIVE","target":{"database":"tracking","schema":"driver_locations"},
                 "payload":{"collection":"driver_locations","dryRun":true,
                            "restoreFromRequestId":"6f1c2a8e-3b4d-4c5e-9f70-8a9b0c1d2e3f"}}"""))
                .isEqualTo("payload.restoreFromRequestId");
    }

    private String field(String body) {
        var problem = catchThrowableOfType(ProblemException.class, () -> validator.validate(body));
        assertThat(problem)
                .as("expected a problem for " + body.substring(0, Math.min(120, body.length())))
                .isNotNull();
        return problem.problem().field();
    }
}
