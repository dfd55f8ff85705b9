package com.logicore.dbp.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.logicore.dbp.events.payload.RequestSubmitted;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class EventEnvelopeTest {

    @Test
    void binaryModeHeadersRoundTrip() {
        var submitted = new RequestSubmitted(
                "r-1",
                RequestType.CREATE_INDEX,
                "routing",
                "alice",
                "logicore",
                "routing",
                JsonNodeFactory.instance.objectNode().put("table", "stops"),
                Instant.parse("2026-11-25T10:00:00Z"));
        var envelope = EventEnvelope.create(
                "/dbp/request-api", EventType.REQUEST_SUBMITTED, "r-1", EventJson.write(submitted));

        var headers = new RecordHeaders();
        envelope.writeTo(headers);
        var read = EventEnvelope.readFrom(headers, envelope.data());

        assertThat(read.id()).isEqualTo(envelope.id());
        assertThat(read.type()).isEqualTo("com.logicore.dbp.request.submitted.v1");
        assertThat(read.subject()).isEqualTo("r-1");
        assertThat(new String(headers.lastHeader("ce_specversion").value(), StandardCharsets.UTF_8))
                .isEqualTo("1.0");
        assertThat(EventJson.read(read.data(), RequestSubmitted.class)).isEqualTo(submitted);
    }

    @Test
    void recordWithoutIdIsRejectedWithTheReason() {
        var headers = new RecordHeaders();
        EventEnvelope.create("/dbp/test", EventType.JOB_STARTED, "r-2", new byte[] {'{', '}'})
                .writeTo(headers);
        headers.remove("ce_id");

        assertThatThrownBy(() -> EventEnvelope.readFrom(headers, new byte[] {'{', '}'}))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("ce_id");
    }

    @Test
    void payloadThatIsNotJsonIsInvalid() {
        assertThatThrownBy(() -> EventJson.read("not json".getBytes(StandardCharsets.UTF_8), RequestSubmitted.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("RequestSubmitted");
    }

    @Test
    void everyTopicHasADeadLetterTopic() {
        assertThat(Topic.allWithDeadLetters())
                .extracting(Topic.TopicSpec::name)
                .contains("dbp.requests", "dbp.requests.dlq", "dbp.jobs.migration", "dbp.jobs.migration.dlq");
        assertThat(RequestType.CREATE_INDEX.jobTopic()).isEqualTo(Topic.MIGRATION_JOBS);
        assertThat(RequestType.DATA_EXPORT.jobTopic()).isEqualTo(Topic.EXPORT_JOBS);
    }
}
