package com.logicore.dbp.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * A CloudEvents 1.0 envelope in Kafka binary mode: attributes travel as {@code ce_*} headers, the JSON payload is the
 * record value, and the record key is chosen by the topic (see {@link Topic#keyedBy()}).
 *
 * @param id unique event id (a UUID); consumers dedupe on it
 * @param source the emitting service, e.g. {@code /dbp/request-api}
 * @param type the CloudEvents type, see {@link EventType#ceType()}
 * @param subject the request id the event is about (or the resource for health findings)
 * @param time when the event happened
 * @param traceparent W3C trace context, may be {@code null}
 * @param data the JSON payload, UTF-8
 */
public record EventEnvelope(
        String id, String source, String type, String subject, Instant time, String traceparent, byte[] data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/json";

    /** Header names of the Kafka protocol binding of CloudEvents. */
    public static final class HeaderNames {
        public static final String SPECVERSION = "ce_specversion";
        public static final String ID = "ce_id";
        public static final String SOURCE = "ce_source";
        public static final String TYPE = "ce_type";
        public static final String SUBJECT = "ce_subject";
        public static final String TIME = "ce_time";
        public static final String CONTENT_TYPE = "content-type";
        /** W3C trace context, read by OpenTelemetry propagators as is. */
        public static final String TRACEPARENT = "traceparent";

        private HeaderNames() {}
    }

    public EventEnvelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
    }

    /** A new event with a fresh id and the current time. */
    public static EventEnvelope create(String source, EventType type, String subject, byte[] data) {
        return new EventEnvelope(
                UUID.randomUUID().toString(), source, type.ceType(), subject, Instant.now(), null, data);
    }

    /** Writes this envelope's attributes as CloudEvents binary-mode headers. */
    public void writeTo(Headers headers) {
        put(headers, HeaderNames.SPECVERSION, SPEC_VERSION);
        put(headers, HeaderNames.ID, id);
        put(headers, HeaderNames.SOURCE, source);
        put(headers, HeaderNames.TYPE, type);
        put(headers, HeaderNames.TIME, time.toString());
        put(headers, HeaderNames.CONTENT_TYPE, CONTENT_TYPE);
        if (subject != null) {
            put(headers, HeaderNames.SUBJECT, subject);
        }
        if (traceparent != null) {
            put(headers, HeaderNames.TRACEPARENT, traceparent);
        }
    }

    /**
     * Reads an envelope from a record's headers and value.
     *
     * @throws InvalidEventException naming the missing or malformed attribute; such a record is poison and belongs
     *     on the topic's dead-letter queue
     */
    public static EventEnvelope readFrom(Headers headers, byte[] value) {
        String specVersion = required(headers, HeaderNames.SPECVERSION);
        if (!SPEC_VERSION.equals(specVersion)) {
            throw new InvalidEventException("unsupported " + HeaderNames.SPECVERSION + " '" + specVersion + "'");
        }
        String id = required(headers, HeaderNames.ID);
        String source = required(headers, HeaderNames.SOURCE);
        String type = required(headers, HeaderNames.TYPE);
        String rawTime = required(headers, HeaderNames.TIME);
        Instant time;
        try {
            time = Instant.parse(rawTime);
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(HeaderNames.TIME + " is not an RFC 3339 timestamp: '" + rawTime + "'");
        }
        if (value == null) {
            throw new InvalidEventException("record has no value (CloudEvent data)");
        }
        return new EventEnvelope(
                id,
                source,
                type,
                optional(headers, HeaderNames.SUBJECT),
                time,
                optional(headers, HeaderNames.TRACEPARENT),
                value);
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String required(Headers headers, String name) {
        String value = optional(headers, name);
        if (value == null || value.isBlank()) {
            throw new InvalidEventException("missing CloudEvents header " + name);
        }
        return value;
    }

    private static String optional(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        // The payload may carry SQL or other user input: keep it out of logs by default.
        return "EventEnvelope[id=" + id + ", type=" + type + ", subject=" + subject + ", source=" + source + "]";
    }
}
