package com.logicore.dbp.requests.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.events.request.Limits;
import com.logicore.dbp.events.request.RequestPayload;
import com.logicore.dbp.requests.auth.ApiTokens;
import com.logicore.dbp.requests.rest.problem.Problem.FieldError;
import com.logicore.dbp.requests.rest.problem.ProblemException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Turns a raw request body into a {@link ValidatedRequest}, or a problem naming every offending field. Strict on
 * purpose: an unknown field is a typo the requester wants to hear about, not something to drop silently.
 */
public class RequestValidator {

    private static final Set<String> TOP_LEVEL_FIELDS = Set.of("type", "target", "payload", "reason");
    private static final int MAX_REASON_CHARS = 2_000;

    private final ObjectMapper strictMapper = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // A missing flag or number means false or 0; the constraints then say whether 0 is allowed.
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private final Validator validator;
    private final List<String> targetDatabases;

    public RequestValidator(Validator validator, List<String> targetDatabases) {
        this.validator = validator;
        this.targetDatabases = targetDatabases;
    }

    public ValidatedRequest validate(String body) {
        JsonNode root = parse(body);
        List<FieldError> errors = new ArrayList<>();
        root.fieldNames().forEachRemaining(name -> {
            if (!TOP_LEVEL_FIELDS.contains(name)) {
                errors.add(new FieldError(
                        name,
                        "unknown field; expected "
                                + TOP_LEVEL_FIELDS.stream().sorted().toList()));
            }
        });
        RequestType type = type(root.get("type"));
        String database = text(root.at("/target/database"), "target.database", errors);
        String schema = text(root.at("/target/schema"), "target.schema", errors);
        if (!root.path("target").isMissingNode() && !root.path("target").isObject()) {
            errors.add(new FieldError("target", "must be an object {\"database\": ..., \"schema\": ...}"));
        }
        if (database != null && !targetDatabases.contains(database)) {
            errors.add(new FieldError(
                    "target.database", "unknown target database '" + database + "'; known: " + targetDatabases));
        }
        if (schema != null && !schema.matches(Limits.IDENTIFIER)) {
            errors.add(new FieldError("target.schema", Limits.IDENTIFIER_MESSAGE));
        }
        String reason = root.hasNonNull("reason") ? root.get("reason").asText() : null;
        if (reason != null && reason.length() > MAX_REASON_CHARS) {
            errors.add(new FieldError("reason", "must be at most " + MAX_REASON_CHARS + " characters"));
        }
        RequestPayload payload = payload(type, root.get("payload"), errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalidFields(errors.stream()
                    .sorted(Comparator.comparing(FieldError::field))
                    .toList());
        }
        String payloadJson = write(payload);
        String canonical = write(new TreeMap<>(java.util.Map.of(
                "type",
                type.name(),
                "database",
                database,
                "schema",
                schema,
                "payload",
                payloadJson,
                "reason",
                reason == null ? "" : reason)));
        return new ValidatedRequest(type, database, schema, payloadJson, reason, ApiTokens.hash(canonical));
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw ProblemException.badRequest(
                    "malformed-json", "the body must be a JSON object describing the request", null);
        }
        try {
            JsonNode root = strictMapper.readTree(body);
            if (root == null || !root.isObject()) {
                throw ProblemException.badRequest("malformed-json", "the body must be a JSON object", null);
            }
            return root;
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest(
                    "malformed-json", "the body is not valid JSON: " + e.getOriginalMessage(), null);
        }
    }

    private static RequestType type(JsonNode node) {
        if (node == null || node.isNull()) {
            throw ProblemException.invalidField("type", "is required; one of " + Arrays.toString(RequestType.values()));
        }
        try {
            return RequestType.valueOf(node.asText());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(
                    "unknown-request-type",
                    "unknown request type '" + node.asText() + "'; one of " + Arrays.toString(RequestType.values()),
                    "type");
        }
    }

    private static String text(JsonNode node, String field, List<FieldError> errors) {
        if (node.isMissingNode() || node.isNull()) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        if (!node.isTextual()) {
            errors.add(new FieldError(field, "must be a string"));
            return null;
        }
        return node.asText();
    }

    private RequestPayload payload(RequestType type, JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            errors.add(new FieldError("payload", "is required for " + type));
            return null;
        }
        if (!(node instanceof ObjectNode)) {
            errors.add(new FieldError("payload", "must be an object"));
            return null;
        }
        RequestPayload payload;
        try {
            payload = strictMapper.treeToValue(node, RequestPayload.classOf(type));
        } catch (UnrecognizedPropertyException e) {
            errors.add(new FieldError(path(e), "unknown field for " + type + "; known: " + e.getKnownPropertyIds()));
            return null;
        } catch (JsonMappingException e) {
            errors.add(
                    new FieldError(path(e), "has the wrong type or value: " + firstSentence(e.getOriginalMessage())));
            return null;
        } catch (JsonProcessingException e) {
            errors.add(new FieldError("payload", e.getOriginalMessage()));
            return null;
        }
        for (ConstraintViolation<RequestPayload> violation : validator.validate(payload)) {
            errors.add(new FieldError(
                    "payload." + cleanPath(violation.getPropertyPath().toString()), violation.getMessage()));
        }
        return payload;
    }

    private static String firstSentence(String message) {
        String line = message == null ? "" : message.lines().findFirst().orElse("");
        int hint = line.indexOf(" (");
        return hint > 0 ? line.substring(0, hint) : line;
    }

    private static String path(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining());
        return "payload" + path;
    }

    /** {@code columns[0].<list element>} reads better as {@code columns[0]}; a record's validity methods drop the "is". */
    private static String cleanPath(String path) {
        // Cross-field checks are reported on the field the requester has to fix.
        return path.replace(".<list element>", "")
                .replace("<list element>", "")
                .replace("tablesXorQuery", "tables")
                .replace("archiveRunComplete", "timeField")
                .replace("restoreWithoutRunFlags", "restoreFromRequestId");
    }

    private String write(Object value) {
        try {
            return strictMapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
