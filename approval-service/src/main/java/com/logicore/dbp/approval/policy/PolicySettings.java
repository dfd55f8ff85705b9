package com.logicore.dbp.approval.policy;

import com.logicore.dbp.approval.policy.ApprovalChain.Kind;
import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.events.payload.Finding.Severity;
import com.logicore.dbp.events.payload.PolicyEvaluated.Risk;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One layer of the policy file ({@code defaults}, an environment, a database or a team) and, once the layers are
 * merged, the settings in force for one request. In a layer every field may be {@code null} ("inherit"); in merged
 * settings {@link PolicyFile} has checked that none is.
 *
 * @param rules lint rule id → the level its findings get
 * @param autoApprove request type → the highest risk at which it runs without a person
 * @param approvers risk → the approvals a request of that risk needs
 * @param unmaskedApprovers approvals raw personal data needs on top (an unmasked export or access grant)
 * @param approvalTimeout how long a request may wait for its approvals, e.g. {@code 72h}
 */
public record PolicySettings(
        Map<String, RuleLevel> rules,
        Thresholds thresholds,
        Map<RequestType, AutoApprove> autoApprove,
        Map<Risk, List<Kind>> approvers,
        List<Kind> unmaskedApprovers,
        String approvalTimeout,
        Migration migration,
        AccessGrant accessGrant,
        Export export,
        Archive archive,
        Provision provision) {

    /** What a lint rule's findings become. */
    public enum RuleLevel {
        ERROR,
        WARNING,
        INFO,
        OFF;

        /** YAML 1.1 reads an unquoted {@code off} as {@code false}; both mean OFF. */
        @com.fasterxml.jackson.annotation.JsonCreator(
                mode = com.fasterxml.jackson.annotation.JsonCreator.Mode.DELEGATING)
        public static RuleLevel of(com.fasterxml.jackson.databind.JsonNode value) {
            if (value.isBoolean() && !value.asBoolean()) {
                return OFF;
            }
            try {
                return valueOf(value.asText().strip().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(value + " is not a rule level; use error, warning, info or off");
            }
        }

        /** The finding severity at this level; empty when the rule is off. */
        public java.util.Optional<Severity> severity() {
            return switch (this) {
                case ERROR -> java.util.Optional.of(Severity.BLOCKER);
                case WARNING -> java.util.Optional.of(Severity.WARNING);
                case INFO -> java.util.Optional.of(Severity.INFO);
                case OFF -> java.util.Optional.empty();
            };
        }
    }

    /** The highest risk at which a request type runs without a person. */
    public enum AutoApprove {
        NEVER,
        LOW,
        MEDIUM,
        HIGH;

        public boolean allows(Risk risk) {
            return this != NEVER && risk.ordinal() <= Risk.valueOf(name()).ordinal();
        }
    }

    /** Where a table becomes "large": above either line. */
    public record Thresholds(Long largeTableRows, String largeTableSize) {

        public boolean isLarge(TableFacts facts) {
            return facts.estimatedRows() > largeTableRows || facts.sizeBytes() > PolicyValues.bytes(largeTableSize);
        }

        public String describe() {
            return String.format(java.util.Locale.ROOT, "%,d rows or %s", largeTableRows, largeTableSize);
        }
    }

    /** How the migration worker runs a team's SQL. */
    public record Migration(String lockTimeout, String statementTimeout, Boolean allowOutOfOrder) {}

    /** Self-service read access. */
    public record AccessGrant(Integer maxHours, Integer autoApproveMaxHours) {}

    /** Data exports: row limits by purpose ({@code default} when no other line matches). */
    public record Export(Map<String, Long> rowLimits) {

        /** The limit for a purpose: the line named by its first word, else {@code default}. */
        public Map.Entry<String, Long> limitFor(String purpose) {
            String firstWord = purpose == null
                    ? ""
                    : purpose.strip().toLowerCase(java.util.Locale.ROOT).split("[^a-z0-9_-]", 2)[0];
            Long limit = rowLimits.get(firstWord);
            return limit != null && !firstWord.equals("default")
                    ? Map.entry(firstWord, limit)
                    : Map.entry("default", rowLimits.get("default"));
        }
    }

    /** MongoDB archival: how old documents must be, overall and per collection. */
    public record Archive(Integer minRetentionDays, Map<String, CollectionRetention> collections) {

        public int minRetentionDaysFor(String collection) {
            CollectionRetention line = collections == null ? null : collections.get(collection);
            return line != null && line.minRetentionDays() != null ? line.minRetentionDays() : minRetentionDays;
        }
    }

    /** Retention of one collection. */
    public record CollectionRetention(Integer minRetentionDays) {}

    /** New schemas: allowed names. */
    public record Provision(String namePattern, List<String> reservedPrefixes) {}

    public Duration approvalTimeoutDuration() {
        return PolicyValues.duration(approvalTimeout);
    }
}
