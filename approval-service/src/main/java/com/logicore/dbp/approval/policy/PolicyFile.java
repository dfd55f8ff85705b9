package com.logicore.dbp.approval.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.logicore.dbp.approval.lint.LintRules;
import com.logicore.dbp.events.payload.PolicyEvaluated.Risk;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The policy file as written: layered settings and the PII catalog. {@link #parse} refuses a file that does not read,
 * names anything unknown, or gives any combination of layers an impossible value, with every problem in one message.
 *
 * @param version the file's own version number, shown with every decision's policy
 * @param pii database → {@code schema.table} → column → masking
 */
public record PolicyFile(
        Integer version,
        PolicySettings defaults,
        Map<String, PolicySettings> environments,
        Map<String, PolicySettings> databases,
        Map<String, PolicySettings> teams,
        Map<String, Map<String, Map<String, Masking>>> pii) {

    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private static final Pattern QUALIFIED_TABLE = Pattern.compile("[a-z_][a-z0-9_]*\\.[a-z_][a-z0-9_]*");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** A policy file that cannot be put in force; the message lists every problem. */
    public static final class InvalidPolicyException extends Exception {
        public InvalidPolicyException(String message) {
            super(message);
        }
    }

    public static PolicyFile parse(String yaml) throws InvalidPolicyException {
        PolicyFile file;
        try {
            file = YAML.readValue(yaml, PolicyFile.class);
        } catch (JsonMappingException e) {
            throw new InvalidPolicyException(describe(e));
        } catch (IOException e) {
            throw new InvalidPolicyException("the policy file is not valid YAML: " + e.getMessage());
        }
        if (file == null) {
            throw new InvalidPolicyException("the policy file is empty");
        }
        List<String> problems = file.problems();
        if (!problems.isEmpty()) {
            throw new InvalidPolicyException(
                    "the policy file has " + problems.size() + " problem(s): " + String.join("; ", problems));
        }
        return file;
    }

    /** The settings for a request: defaults, then the environment's, the database's and the team's overrides. */
    public PolicySettings settingsFor(String environment, String database, String team) {
        ObjectNode merged = YAML.valueToTree(defaults);
        for (PolicySettings layer :
                List.of(layer(environments, environment), layer(databases, database), layer(teams, team))) {
            merge(merged, YAML.valueToTree(layer));
        }
        try {
            return YAML.treeToValue(merged, PolicySettings.class);
        } catch (IOException e) {
            throw new IllegalStateException("policy layers were validated at load", e);
        }
    }

    /** The PII catalog of one database: {@code schema.table} → column → masking. */
    public Map<String, Map<String, Masking>> piiOf(String database) {
        return pii == null ? Map.of() : pii.getOrDefault(database, Map.of());
    }

    /** The file as JSON, for {@code GET /api/v1/policy}. */
    public JsonNode toJson() {
        return YAML.valueToTree(this);
    }

    /** The settings as JSON, for {@code GET /api/v1/policy?database=&team=}. */
    public static JsonNode toJson(PolicySettings settings) {
        return YAML.valueToTree(settings);
    }

    private static PolicySettings layer(Map<String, PolicySettings> layers, String name) {
        PolicySettings layer = layers == null || name == null ? null : layers.get(name);
        return layer == null ? emptyLayer() : layer;
    }

    private static PolicySettings emptyLayer() {
        return new PolicySettings(null, null, null, null, null, null, null, null, null, null, null);
    }

    /** Objects merge key by key; a list or a value in the override replaces the one below. */
    private static void merge(ObjectNode base, JsonNode override) {
        override.fields().forEachRemaining(field -> {
            JsonNode below = base.get(field.getKey());
            if (below instanceof ObjectNode belowObject && field.getValue().isObject()) {
                merge(belowObject, field.getValue());
            } else {
                base.set(field.getKey(), field.getValue());
            }
        });
    }

    private List<String> problems() {
        Set<String> problems = new LinkedHashSet<>();
        if (version == null || version < 1) {
            problems.add("version: give the file a version number (1 or more)");
        }
        if (defaults == null) {
            problems.add("defaults: missing; every setting needs a default");
            return new ArrayList<>(problems);
        }
        // Every combination of layers a request can meet must be complete and sensible.
        for (String environment : names(environments)) {
            for (String database : names(databases)) {
                for (String team : names(teams)) {
                    String where = where(environment, database, team);
                    problems.addAll(SettingsCheck.problems(settingsFor(environment, database, team), where));
                }
            }
        }
        problems.addAll(piiProblems());
        return new ArrayList<>(problems);
    }

    private static List<String> names(Map<String, PolicySettings> layers) {
        List<String> names = new ArrayList<>();
        names.add(null);
        if (layers != null) {
            names.addAll(layers.keySet());
        }
        return names;
    }

    private static String where(String environment, String database, String team) {
        List<String> parts = new ArrayList<>();
        parts.add("defaults");
        if (environment != null) {
            parts.add("environments." + environment);
        }
        if (database != null) {
            parts.add("databases." + database);
        }
        if (team != null) {
            parts.add("teams." + team);
        }
        return String.join(" + ", parts);
    }

    private List<String> piiProblems() {
        List<String> problems = new ArrayList<>();
        if (pii == null) {
            return problems;
        }
        pii.forEach((database, tables) -> tables.forEach((table, columns) -> {
            String at = "pii." + database + "." + table;
            if (!QUALIFIED_TABLE.matcher(table).matches()) {
                problems.add(at + ": name tables as schema.table in lower case");
            }
            columns.forEach((column, masking) -> {
                if (!IDENTIFIER.matcher(column).matches()) {
                    problems.add(at + "." + column + ": not a column name");
                } else if (masking == null || masking.method() == null) {
                    problems.add(at + "." + column + ": give a method: redact, partial or hash");
                } else if (masking.keep() != null
                        && (masking.method() != Masking.Method.PARTIAL || masking.keep() < 1 || masking.keep() > 8)) {
                    problems.add(at + "." + column + ": keep is for partial masking only, 1 to 8 characters");
                }
            });
        }));
        return problems;
    }

    private static String describe(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
                .orElse("(top)");
        String line = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ", ";
        return "the policy file is invalid at " + line + path + ": " + e.getOriginalMessage();
    }

    /** Checks merged settings: complete, known names, values that make sense together. */
    static final class SettingsCheck {

        private SettingsCheck() {}

        static List<String> problems(PolicySettings s, String where) {
            List<String> problems = new ArrayList<>();
            java.util.function.BiConsumer<Boolean, String> require = (ok, message) -> {
                if (!ok) {
                    problems.add(where + ": " + message);
                }
            };
            require.accept(s.rules() != null, "rules is missing (an empty map {} is fine)");
            require.accept(s.thresholds() != null, "thresholds is missing");
            require.accept(s.autoApprove() != null, "autoApprove is missing");
            require.accept(s.approvers() != null, "approvers is missing");
            require.accept(s.unmaskedApprovers() != null, "unmaskedApprovers is missing");
            require.accept(PolicyValues.isDuration(s.approvalTimeout()), "approvalTimeout must be like 72h");
            require.accept(s.migration() != null, "migration is missing");
            require.accept(s.accessGrant() != null, "accessGrant is missing");
            require.accept(s.export() != null, "export is missing");
            require.accept(s.archive() != null, "archive is missing");
            require.accept(s.provision() != null, "provision is missing");
            if (!problems.isEmpty()) {
                return problems;
            }
            Set<String> known = LintRules.ids();
            s.rules().forEach((id, level) -> {
                require.accept(known.contains(id), "rules." + id + " is not a rule; known rules: " + known);
                require.accept(
                        level != null && (!id.startsWith("security.") || level == PolicySettings.RuleLevel.ERROR),
                        "rules." + id + ": security rules are always errors");
                require.accept(
                        level != null && (!id.startsWith("lint.") || level != PolicySettings.RuleLevel.OFF),
                        "rules." + id + ": a statement nothing can read is never passed silently; it cannot be off");
            });
            var t = s.thresholds();
            require.accept(
                    t.largeTableRows() != null && t.largeTableRows() >= 0,
                    "thresholds.largeTableRows must be 0 or more");
            require.accept(
                    PolicyValues.isSize(t.largeTableSize()), "thresholds.largeTableSize must be a size like 1GB");
            for (Risk risk : Risk.values()) {
                List<ApprovalChain.Kind> kinds = s.approvers().get(risk);
                require.accept(
                        kinds != null && !kinds.isEmpty() && new LinkedHashSet<>(kinds).size() == kinds.size(),
                        "approvers." + risk + " must name one or more different kinds (DBA, OWNER, ANY)");
            }
            var m = s.migration();
            require.accept(PolicyValues.isDuration(m.lockTimeout()), "migration.lockTimeout must be like 5s");
            require.accept(
                    PolicyValues.isDuration(m.statementTimeout()), "migration.statementTimeout must be like 15min");
            require.accept(m.allowOutOfOrder() != null, "migration.allowOutOfOrder must be true or false");
            var a = s.accessGrant();
            require.accept(
                    a.maxHours() != null && a.maxHours() >= 1 && a.maxHours() <= 720,
                    "accessGrant.maxHours must be 1 to 720");
            require.accept(
                    a.autoApproveMaxHours() != null
                            && a.autoApproveMaxHours() >= 0
                            && a.maxHours() != null
                            && a.autoApproveMaxHours() <= a.maxHours(),
                    "accessGrant.autoApproveMaxHours must be 0 to maxHours (" + a.maxHours() + ")");
            var e = s.export();
            require.accept(
                    e.rowLimits() != null && e.rowLimits().get("default") != null,
                    "export.rowLimits needs a default line");
            if (e.rowLimits() != null) {
                e.rowLimits()
                        .forEach((purpose, limit) -> require.accept(
                                limit != null && limit > 0, "export.rowLimits." + purpose + " must be > 0"));
            }
            var r = s.archive();
            require.accept(
                    r.minRetentionDays() != null && r.minRetentionDays() >= 1,
                    "archive.minRetentionDays must be 1 or more");
            if (r.collections() != null) {
                r.collections()
                        .forEach((collection, line) -> require.accept(
                                line != null && (line.minRetentionDays() == null || line.minRetentionDays() >= 1),
                                "archive.collections." + collection + ".minRetentionDays must be 1 or more"));
            }
            var p = s.provision();
            require.accept(p.reservedPrefixes() != null, "provision.reservedPrefixes is missing ([] is fine)");
            try {
                Pattern.compile(p.namePattern());
            } catch (PatternSyntaxException | NullPointerException ex) {
                problems.add(where + ": provision.namePattern is not a regular expression");
            }
            return problems;
        }
    }
}
