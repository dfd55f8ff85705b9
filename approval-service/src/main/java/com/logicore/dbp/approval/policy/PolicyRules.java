package com.logicore.dbp.approval.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.logicore.dbp.approval.lint.LintRules;
import com.logicore.dbp.approval.lint.MigrationLinter;
import com.logicore.dbp.approval.lint.ReadQuery;
import com.logicore.dbp.approval.policy.ApprovalChain.Kind;
import com.logicore.dbp.approval.policy.PolicyDecision.Outcome;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.events.payload.Finding;
import com.logicore.dbp.events.payload.Finding.Severity;
import com.logicore.dbp.events.payload.PolicyEvaluated.Risk;
import com.logicore.dbp.events.request.AccessGrantPayload;
import com.logicore.dbp.events.request.ArchivePayload;
import com.logicore.dbp.events.request.CreateIndexPayload;
import com.logicore.dbp.events.request.DataExportPayload;
import com.logicore.dbp.events.request.ProvisionSchemaPayload;
import com.logicore.dbp.events.request.RestorePayload;
import com.logicore.dbp.events.request.RollbackPayload;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The decision on one request under one policy file: findings per request type, a risk, and then the policy's
 * settings say whether that risk runs unattended or which approvals it needs. Pure and fast: the caller gathers
 * ownership, catalog facts and the dry run into a {@link PolicyInput}.
 */
public final class PolicyRules {

    private static final Set<String> LINT_RULE_IDS = LintRules.ids();
    /** Findings that mean "nothing could read this": never passed without a person. */
    private static final Set<String> NEEDS_A_READER = Set.of("lint.unclassified", "lint.opaque-body");

    private final PolicyFile file;
    private final String environment;
    private final MigrationLinter linter = new MigrationLinter();
    private final Map<String, PolicySettings> settingsByTarget = new ConcurrentHashMap<>();
    private final Map<String, Pattern> schemaNamePatterns = new ConcurrentHashMap<>();

    public PolicyRules(PolicyFile file, String environment) {
        this.file = file;
        this.environment = environment;
    }

    public PolicyFile file() {
        return file;
    }

    /** The settings in force for a team's requests on a database (merged once, then cached). */
    public PolicySettings settingsFor(String database, String team) {
        return settingsByTarget.computeIfAbsent(
                database + "\u0000" + team, key -> file.settingsFor(environment, database, team));
    }

    public PolicyDecision evaluate(PolicyInput input) {
        PolicySettings settings = settingsFor(input.database(), input.team());
        Draft draft = new Draft(settings);
        checkOwnership(input, draft);
        if (!draft.hasBlocker()) {
            switch (input.type()) {
                case CREATE_INDEX -> assessIndex(input, settings, draft);
                case SCHEMA_CHANGE -> assessMigrations(input, settings, draft);
                case ROLLBACK -> assessRollback(input, draft);
                case PROVISION_SCHEMA -> assessProvisioning(input, settings, draft);
                case ACCESS_GRANT -> assessAccessGrant(input, settings, draft);
                case DATA_EXPORT -> assessExport(input, settings, draft);
                case ARCHIVE -> assessArchive(input, settings, draft);
                case BACKUP -> assessBackup(input, draft);
                case RESTORE -> assessRestore(input, settings, draft);
                case QUERY_REVIEW -> assessQueryReview(input, draft);
            }
        }
        return draft.decide(input.type(), file.version());
    }

    /** Whether static analysis alone refuses a SCHEMA_CHANGE payload (then it is not even dry-run). */
    public boolean hasStaticBlockers(JsonNode payload, String database, String team, Set<String> ownedSchemas) {
        Draft draft = new Draft(settingsFor(database, team));
        draft.addLint(lintMigrations(payload, ownedSchemas, "sql"));
        return draft.hasBlocker();
    }

    // --- ownership -------------------------------------------------------------------------------------------------

    /**
     * The requesting team must own the target schema. Reading another team's data (an access grant, an export) is
     * possible with that team's consent: an approver of the owning team must agree.
     */
    private static void checkOwnership(PolicyInput input, Draft draft) {
        String target = input.database() + "/" + input.schema();
        Optional<String> owner = input.owner();
        if (input.type() == RequestType.PROVISION_SCHEMA) {
            owner.ifPresent(existing -> draft.block(
                    "ownership.schema-taken",
                    "schema " + target + " already exists and is owned by team " + existing,
                    "target.schema"));
            return;
        }
        if (owner.isEmpty()) {
            draft.block(
                    "ownership.no-owner",
                    "schema " + target + " has no owning team; ask a platform admin to assign it",
                    "target.schema");
        } else if (!owner.get().equals(input.team())) {
            boolean readsOnly = input.type() == RequestType.ACCESS_GRANT || input.type() == RequestType.DATA_EXPORT;
            if (readsOnly) {
                draft.needPerson(
                        "ownership.other-team",
                        Severity.WARNING,
                        "schema " + target + " belongs to team " + owner.get() + "; an approver of " + owner.get()
                                + " must agree to share its data",
                        "target.schema",
                        Kind.OWNER);
                draft.raise(Risk.MEDIUM);
            } else {
                draft.block(
                        "ownership.not-owner",
                        "schema " + target + " is owned by team " + owner.get() + ", not " + input.team()
                                + "; only its owner may change it",
                        "target.schema");
            }
        }
    }

    // --- CREATE_INDEX ----------------------------------------------------------------------------------------------

    private static void assessIndex(PolicyInput input, PolicySettings settings, Draft draft) {
        var index = EventJson.mapper().convertValue(input.payload(), CreateIndexPayload.class);
        String qualified = input.schema() + "." + index.table();
        draft.migrationDirectives();
        if (input.indexTable().isEmpty()) {
            draft.block("index.table-missing", "table " + qualified + " does not exist", "payload.table");
            return;
        }
        TableFacts facts = input.indexTable().get();
        for (int i = 0; i < index.columns().size(); i++) {
            String column = index.columns().get(i);
            if (!facts.columns().contains(column)) {
                draft.block(
                        "index.column-missing",
                        "column " + column + " does not exist in " + qualified + "; it has "
                                + facts.columns().stream().sorted().toList(),
                        "payload.columns[" + i + "]");
            }
        }
        if (draft.hasBlocker()) {
            return;
        }
        if (!facts.hasStatistics()) {
            draft.raise(Risk.MEDIUM);
            draft.needPerson(
                    "index.no-statistics",
                    Severity.WARNING,
                    qualified + " has never been analysed, so its size is unknown; a reviewer decides",
                    "payload.table");
            return;
        }
        var thresholds = settings.thresholds();
        if (!thresholds.isLarge(facts)) {
            draft.note(
                    "index.small-table",
                    qualified + ": " + facts.describe() + " (unattended builds up to " + thresholds.describe()
                            + "); built CONCURRENTLY, so writes continue",
                    "payload.table");
            draft.reason("small table, concurrent build");
            return;
        }
        draft.raise(Risk.MEDIUM);
        draft.needPerson(
                "index.large-table",
                Severity.WARNING,
                qualified + ": " + facts.describe() + ", above the " + thresholds.describe()
                        + " line for unattended builds; a DBA approves the timing",
                "payload.table",
                Kind.DBA);
        draft.reason("large table needs a DBA");
    }

    // --- SCHEMA_CHANGE and ROLLBACK --------------------------------------------------------------------------------

    private void assessMigrations(PolicyInput input, PolicySettings settings, Draft draft) {
        draft.migrationDirectives();
        draft.addLint(lintMigrations(input.payload(), input.ownedSchemas(), null));
        if (input.dryRun() != null) {
            draft.addAll(DryRunFindings.of(input.dryRun(), draft.findings, input.schema()));
        }
        if (draft.hasBlocker()) {
            return;
        }
        if (input.dryRun() == null || input.dryRun().skipped() != null) {
            draft.needPerson(
                    "dryrun.missing",
                    Severity.INFO,
                    "the migration was not tried on a shadow copy, so a person reviews it",
                    null);
        }
        weighTableSizes(input, settings, draft);
    }

    /** Production context: the same statement is harmless on a small table and an outage on a large one. */
    private static void weighTableSizes(PolicyInput input, PolicySettings settings, Draft draft) {
        boolean warnings = draft.has(Severity.WARNING);
        boolean largeTable = false;
        for (var touched : input.touchedTables().entrySet()) {
            TableFacts facts = touched.getValue();
            boolean large = settings.thresholds().isLarge(facts);
            largeTable |= large;
            draft.add(new Finding(
                    large ? "context.large-table" : "context.table-size",
                    large && warnings ? Severity.WARNING : Severity.INFO,
                    touched.getKey() + ": " + facts.describe()
                            + (large && warnings
                                    ? " — the locking statements above hold their lock on it for as long as they scan"
                                            + " or rewrite "
                                            + String.format(Locale.ROOT, "%,d", facts.estimatedRows()) + " rows"
                                    : ""),
                    "target.schema"));
        }
        Risk risk = warnings && largeTable ? Risk.HIGH : warnings ? Risk.MEDIUM : Risk.LOW;
        draft.raise(risk);
        draft.reason(
                switch (risk) {
                    case HIGH -> "locking migration on a large table: a DBA and an owner decide";
                    case MEDIUM -> "migration has findings a reviewer should weigh";
                    case LOW -> "clean migration";
                });
    }

    private void assessRollback(PolicyInput input, Draft draft) {
        var rollback = EventJson.mapper().convertValue(input.payload(), RollbackPayload.class);
        draft.migrationDirectives();
        Optional<PolicyInput.EarlierRequest> earlier = input.referenced();
        if (earlier.isEmpty()
                || earlier.get().type() != RequestType.SCHEMA_CHANGE
                || !earlier.get().schema().equals(input.schema())
                || !earlier.get().database().equals(input.database())) {
            draft.block(
                    "rollback.unknown-change",
                    "request " + rollback.schemaChangeRequestId() + " is not a schema change of " + input.database()
                            + "/" + input.schema(),
                    "payload.schemaChangeRequestId");
            return;
        }
        if (!"APPROVED".equals(earlier.get().status())) {
            draft.block(
                    "rollback.not-applied",
                    "request " + rollback.schemaChangeRequestId() + " was never approved ("
                            + earlier.get().status() + "), so there is nothing to roll back",
                    "payload.schemaChangeRequestId");
            return;
        }
        JsonNode migrations = earlier.get().payload().path("migrations");
        List<Finding> lint = new ArrayList<>();
        for (int i = 0; i < migrations.size(); i++) {
            JsonNode migration = migrations.get(i);
            if (!migration.hasNonNull("undoSql")) {
                draft.block(
                        "rollback.no-undo",
                        "migration " + migration.path("version").asText()
                                + " of that change carries no undoSql, so it cannot be rolled back; submit a new"
                                + " SCHEMA_CHANGE that reverses it",
                        "payload.schemaChangeRequestId");
                continue;
            }
            lint.addAll(linter.lintScript(
                    migration.get("undoSql").asText(),
                    "referenced.migrations[" + i + "].undoSql",
                    input.ownedSchemas()));
        }
        draft.addLint(lint);
        // Undo scripts drop what teams built: a person always looks.
        draft.raise(Risk.MEDIUM);
        draft.reason("rollback of " + migrations.size() + " migration(s)");
    }

    private List<Finding> lintMigrations(JsonNode payload, Set<String> ownedSchemas, String only) {
        List<Finding> findings = new ArrayList<>();
        JsonNode migrations = payload.path("migrations");
        for (int i = 0; i < migrations.size(); i++) {
            JsonNode migration = migrations.get(i);
            findings.addAll(linter.lintScript(
                    migration.path("sql").asText(), "payload.migrations[" + i + "].sql", ownedSchemas));
            if (only == null && migration.hasNonNull("undoSql")) {
                findings.addAll(linter.lintScript(
                        migration.get("undoSql").asText(), "payload.migrations[" + i + "].undoSql", ownedSchemas));
            }
        }
        return findings;
    }

    // --- PROVISION_SCHEMA, BACKUP, RESTORE -------------------------------------------------------------------------

    private void assessProvisioning(PolicyInput input, PolicySettings settings, Draft draft) {
        var provision = EventJson.mapper().convertValue(input.payload(), ProvisionSchemaPayload.class);
        if (!provision.schema().equals(input.schema())) {
            draft.block(
                    "provision.target-mismatch",
                    "payload.schema " + provision.schema() + " differs from target.schema " + input.schema(),
                    "payload.schema");
        }
        if (!provision.owningTeam().equals(input.team())) {
            draft.block(
                    "provision.other-team",
                    "team " + input.team() + " cannot provision a schema for team " + provision.owningTeam()
                            + "; that team asks itself",
                    "payload.owningTeam");
        }
        checkNewSchemaName(provision.schema(), "payload.schema", input, settings, draft);
        draft.reason("new schema " + provision.schema() + " for team " + provision.owningTeam());
    }

    private void checkNewSchemaName(
            String schema, String field, PolicyInput input, PolicySettings settings, Draft draft) {
        var rules = settings.provision();
        Pattern pattern = schemaNamePatterns.computeIfAbsent(rules.namePattern(), Pattern::compile);
        if (!pattern.matcher(schema).matches()) {
            draft.block(
                    "schema.name",
                    "schema name " + schema + " does not match the naming rule " + rules.namePattern(),
                    field);
        }
        for (String reserved : rules.reservedPrefixes()) {
            if (schema.startsWith(reserved)) {
                draft.block("schema.reserved", "schema names starting with " + reserved + " are reserved", field);
            }
        }
        if (input.existingSchemas().contains(schema)) {
            draft.block(
                    "schema.exists",
                    "schema " + input.database() + "/" + schema + " already exists; pick a new name (a live schema"
                            + " is never overwritten)",
                    field);
        }
    }

    private static void assessBackup(PolicyInput input, Draft draft) {
        long bytes = input.touchedTables().values().stream()
                .mapToLong(TableFacts::sizeBytes)
                .sum();
        draft.note(
                "backup.size",
                "pg_dump (custom format) of " + input.database() + "/" + input.schema() + ": "
                        + input.touchedTables().size() + " table(s), " + TableFacts.humanBytes(bytes),
                "target.schema");
        draft.reason("backup of a team's own schema");
    }

    private void assessRestore(PolicyInput input, PolicySettings settings, Draft draft) {
        var restore = EventJson.mapper().convertValue(input.payload(), RestorePayload.class);
        Optional<PolicyInput.EarlierRequest> backup = input.referenced();
        if (backup.isEmpty()
                || backup.get().type() != RequestType.BACKUP
                || !backup.get().team().equals(input.team())) {
            draft.block(
                    "restore.unknown-backup",
                    "request " + restore.backupRequestId() + " is not a backup of team " + input.team(),
                    "payload.backupRequestId");
        } else if (!"APPROVED".equals(backup.get().status())) {
            draft.block(
                    "restore.backup-not-made",
                    "backup " + restore.backupRequestId() + " was never approved ("
                            + backup.get().status() + ")",
                    "payload.backupRequestId");
        }
        checkNewSchemaName(restore.intoSchema(), "payload.intoSchema", input, settings, draft);
        draft.raise(Risk.MEDIUM);
        draft.reason("restore into new schema " + restore.intoSchema());
    }

    // --- ACCESS_GRANT and DATA_EXPORT ------------------------------------------------------------------------------

    private void assessAccessGrant(PolicyInput input, PolicySettings settings, Draft draft) {
        var grant = EventJson.mapper().convertValue(input.payload(), AccessGrantPayload.class);
        var limits = settings.accessGrant();
        if (grant.durationHours() > limits.maxHours()) {
            draft.block(
                    "access.too-long",
                    grant.durationHours() + " h is longer than the " + limits.maxHours()
                            + " h an access grant may last; ask for " + limits.maxHours() + " h or less",
                    "payload.durationHours");
            return;
        }
        if (grant.reason().strip().length() < 10) {
            draft.needPerson(
                    "access.vague-reason",
                    Severity.WARNING,
                    "the reason \"" + grant.reason().strip() + "\" does not say what the access is for",
                    "payload.reason");
        }
        String schemaPrefix = input.schema() + ".";
        Map<String, Map<String, Masking>> catalogued = new java.util.TreeMap<>();
        file.piiOf(input.database()).forEach((table, columns) -> {
            if (table.startsWith(schemaPrefix)) {
                catalogued.put(table, columns);
            }
        });
        draft.personalData(catalogued, grant.unmasked(), "payload.unmasked");
        if (grant.durationHours() > limits.autoApproveMaxHours()) {
            draft.raise(Risk.MEDIUM);
            draft.note(
                    "access.long",
                    grant.durationHours() + " h is above the " + limits.autoApproveMaxHours()
                            + " h granted without a person",
                    "payload.durationHours");
        }
        draft.directives.put("durationHours", grant.durationHours());
        draft.reason("read-only access to " + input.schema() + " for " + grant.durationHours() + " h");
    }

    private void assessExport(PolicyInput input, PolicySettings settings, Draft draft) {
        var export = EventJson.mapper().convertValue(input.payload(), DataExportPayload.class);
        boolean fromQuery = export.query() != null && !export.query().isBlank();
        ReadQuery query = fromQuery ? ReadQuery.of(export.query(), input.schema()) : null;
        List<String> tables = fromQuery
                ? new ArrayList<>(query.tables())
                : export.tables().stream().map(t -> input.schema() + "." + t).toList();
        if (fromQuery) {
            draft.addLint(linter.lintSingleStatement(export.query(), "payload.query", readableSchemas(input)));
            if (!query.readOnly()) {
                draft.block(
                        "export.not-select",
                        "an export query must be one SELECT (or WITH … SELECT) that changes nothing",
                        "payload.query");
            }
        }
        for (int i = 0; i < tables.size(); i++) {
            if (!input.touchedTables().containsKey(tables.get(i))) {
                draft.block(
                        "export.table-missing",
                        "table " + tables.get(i) + " does not exist",
                        fromQuery ? "payload.query" : "payload.tables[" + i + "]");
            }
        }
        if (draft.hasBlocker()) {
            return;
        }
        if (!fromQuery && export.columns() != null && !export.columns().isEmpty()) {
            Set<String> known = new LinkedHashSet<>();
            tables.forEach(t -> known.addAll(input.touchedTables().get(t).columns()));
            for (int i = 0; i < export.columns().size(); i++) {
                if (!known.contains(export.columns().get(i))) {
                    draft.block(
                            "export.column-missing",
                            "column " + export.columns().get(i) + " is not in " + tables,
                            "payload.columns[" + i + "]");
                }
            }
            if (draft.hasBlocker()) {
                return;
            }
        }
        // Personal data of every table read, limited to the chosen columns where the request names them.
        Map<String, Map<String, Masking>> catalogued = new java.util.TreeMap<>();
        Map<String, Map<String, Masking>> pii = file.piiOf(input.database());
        for (String table : tables) {
            Map<String, Masking> columns = new java.util.TreeMap<>(pii.getOrDefault(table, Map.of()));
            if (!fromQuery && export.columns() != null && !export.columns().isEmpty()) {
                columns.keySet().retainAll(export.columns());
            }
            if (!columns.isEmpty()) {
                catalogued.put(table, columns);
            }
        }
        draft.personalData(catalogued, export.unmasked(), "payload.unmasked");
        long estimate = 0;
        for (String table : tables) {
            TableFacts facts = input.touchedTables().get(table);
            // A query or a filter returns at most what the tables hold; a join may return more than any one of them.
            estimate = fromQuery ? Math.max(estimate, facts.estimatedRows()) : estimate + facts.estimatedRows();
        }
        var limit = settings.export().limitFor(export.purpose());
        draft.directives.put("rowLimit", limit.getValue());
        String bound = export.filter() != null || fromQuery ? "at most about " : "about ";
        if (estimate > limit.getValue()) {
            draft.raise(Risk.MEDIUM);
            draft.needPerson(
                    "export.over-limit",
                    Severity.WARNING,
                    String.format(
                            Locale.ROOT,
                            "%s%,d rows, above the %,d-row limit for '%s' exports; a DBA approves it",
                            bound,
                            estimate,
                            limit.getValue(),
                            limit.getKey()),
                    "payload.purpose",
                    Kind.DBA);
        } else {
            draft.note(
                    "export.size",
                    String.format(
                            Locale.ROOT,
                            "%s%,d rows (limit for '%s' exports: %,d)",
                            bound,
                            Math.max(0, estimate),
                            limit.getKey(),
                            limit.getValue()),
                    "payload.purpose");
        }
        draft.reason("export of " + String.join(", ", tables));
    }

    /** An export may read the target schema even when another team owns it (that team approves). */
    private static Set<String> readableSchemas(PolicyInput input) {
        Set<String> schemas = new LinkedHashSet<>(input.ownedSchemas());
        schemas.add(input.schema());
        return schemas;
    }

    // --- ARCHIVE and QUERY_REVIEW ----------------------------------------------------------------------------------

    private static void assessArchive(PolicyInput input, PolicySettings settings, Draft draft) {
        var archive = EventJson.mapper().convertValue(input.payload(), ArchivePayload.class);
        if (!archive.collection().equals(input.schema())) {
            draft.block(
                    "archive.target-mismatch",
                    "for MongoDB requests target.schema names the collection; payload.collection "
                            + archive.collection() + " differs from " + input.schema(),
                    "payload.collection");
            return;
        }
        if (archive.isRestore()) {
            // Puts archived documents back (upsert by _id): nothing is deleted, so retention does not apply, but it
            // writes into a live collection, so a reviewer confirms.
            draft.raise(Risk.MEDIUM);
            draft.note(
                    "archive.restore",
                    "restores the documents archived by request " + archive.restoreFromRequestId() + " into "
                            + archive.collection(),
                    "payload.restoreFromRequestId");
            draft.reason("archive restore");
            return;
        }
        int retention = settings.archive().minRetentionDaysFor(archive.collection());
        if (archive.olderThanDays() < retention) {
            draft.block(
                    "archive.inside-retention",
                    archive.collection() + " keeps documents for " + retention + " days; olderThanDays "
                            + archive.olderThanDays() + " would archive newer ones. Use " + retention + " or more",
                    "payload.olderThanDays");
            return;
        }
        boolean known = settings.archive().collections() != null
                && settings.archive().collections().containsKey(archive.collection());
        if (!known && !archive.dryRun()) {
            draft.raise(Risk.MEDIUM);
            draft.note(
                    "archive.no-policy",
                    archive.collection() + " has no archive line in the policy; the general " + retention
                            + "-day retention applies and a reviewer confirms",
                    "payload.collection");
        }
        draft.note(
                "archive.cutoff",
                (archive.dryRun()
                                ? "dry run: reports"
                                : archive.noDelete()
                                        ? "archives and verifies (source kept)"
                                        : "archives, verifies, then deletes")
                        + " documents of "
                        + archive.collection() + " older than " + archive.olderThanDays() + " days (retention "
                        + retention + " days)",
                "payload.olderThanDays");
        draft.reason(archive.dryRun() ? "archive dry run" : "archive within retention");
    }

    private void assessQueryReview(PolicyInput input, Draft draft) {
        String sql = input.payload().path("sql").asText();
        draft.addLint(linter.lintSingleStatement(sql, "payload.sql", input.ownedSchemas()));
        if (!ReadQuery.of(sql, input.schema()).readOnly()) {
            draft.block("review.not-select", "a query review takes one SELECT", "payload.sql");
        }
        draft.reason("query reviews only read the plan");
    }

    // --- the draft decision ----------------------------------------------------------------------------------------

    /** Findings and risk as they accumulate, and the approvals the findings themselves ask for. */
    private static final class Draft {
        final PolicySettings settings;
        final List<Finding> findings = new ArrayList<>();
        final Set<Kind> extraApprovals = new LinkedHashSet<>();
        final ObjectNode directives = EventJson.mapper().createObjectNode();
        Risk risk = Risk.LOW;
        String personReason;
        String reason;

        Draft(PolicySettings settings) {
            this.settings = settings;
        }

        void add(Finding finding) {
            findings.add(finding);
        }

        void addAll(List<Finding> more) {
            findings.addAll(more);
        }

        /** Lint findings, at the level the policy gives their rule; a rule set to off is dropped. */
        void addLint(List<Finding> lint) {
            for (Finding finding : lint) {
                var level = settings.rules().get(finding.code());
                if (level == null || !LINT_RULE_IDS.contains(finding.code())) {
                    findings.add(finding);
                } else {
                    level.severity()
                            .ifPresent(severity -> findings.add(
                                    new Finding(finding.code(), severity, finding.message(), finding.field())));
                }
                if (NEEDS_A_READER.contains(finding.code())) {
                    personReason = personReason == null ? "a statement needs a person to read it" : personReason;
                }
            }
        }

        void block(String code, String message, String field) {
            findings.add(new Finding(code, Severity.BLOCKER, message, field));
        }

        void note(String code, String message, String field) {
            findings.add(new Finding(code, Severity.INFO, message, field));
        }

        /** A finding that means a person must decide, whatever the risk; {@code approvals} are added to the chain. */
        void needPerson(String code, Severity severity, String message, String field, Kind... approvals) {
            findings.add(new Finding(code, severity, message, field));
            extraApprovals.addAll(List.of(approvals));
            if (personReason == null) {
                personReason = message;
            }
        }

        void raise(Risk at) {
            if (at.ordinal() > risk.ordinal()) {
                risk = at;
            }
        }

        void reason(String text) {
            reason = text;
        }

        boolean has(Severity severity) {
            return findings.stream().anyMatch(f -> f.severity() == severity);
        }

        boolean hasBlocker() {
            return has(Severity.BLOCKER);
        }

        void migrationDirectives() {
            var migration = settings.migration();
            directives.put("lockTimeout", migration.lockTimeout());
            directives.put("statementTimeout", migration.statementTimeout());
            directives.put("allowOutOfOrder", migration.allowOutOfOrder());
        }

        /** The masking the worker applies, and the data owner's approval raw personal data needs. */
        void personalData(Map<String, Map<String, Masking>> catalogued, boolean unmasked, String field) {
            ArrayNode masking = directives.putArray("masking");
            List<String> columns = new ArrayList<>();
            catalogued.forEach((table, byColumn) -> byColumn.forEach((column, how) -> {
                ObjectNode line = masking.addObject()
                        .put("table", table)
                        .put("column", column)
                        .put("method", how.method().name());
                if (how.method() == Masking.Method.PARTIAL) {
                    line.put("keep", how.keptCharacters());
                }
                columns.add(table + "." + column + " (" + how.method().name().toLowerCase(Locale.ROOT) + ")");
            }));
            directives.put("unmasked", unmasked && !columns.isEmpty());
            if (columns.isEmpty()) {
                return;
            }
            if (unmasked) {
                raise(Risk.MEDIUM);
                needPerson(
                        "pii.unmasked",
                        Severity.WARNING,
                        "unmasked personal data requested: " + String.join(", ", columns)
                                + "; a data owner must approve",
                        field,
                        settings.unmaskedApprovers().toArray(Kind[]::new));
            } else {
                note("pii.masked", "personal data is masked by the database: " + String.join(", ", columns), field);
            }
        }

        PolicyDecision decide(RequestType type, int version) {
            var timeout = settings.approvalTimeoutDuration();
            if (hasBlocker()) {
                Finding first = findings.stream()
                        .filter(f -> f.severity() == Severity.BLOCKER)
                        .findFirst()
                        .orElseThrow();
                return new PolicyDecision(
                        Outcome.REJECTED,
                        Risk.HIGH,
                        findings,
                        first.message(),
                        List.of(),
                        timeout,
                        directives,
                        version);
            }
            var autoApprove = settings.autoApprove().getOrDefault(type, PolicySettings.AutoApprove.NEVER);
            if (personReason == null && autoApprove.allows(risk)) {
                return new PolicyDecision(
                        Outcome.AUTO_APPROVED,
                        risk,
                        findings,
                        (reason == null ? type.name() : reason) + ": runs without a person at " + risk + " risk",
                        List.of(),
                        timeout,
                        directives,
                        version);
            }
            Set<Kind> approvals = new LinkedHashSet<>(settings.approvers().get(risk));
            approvals.addAll(extraApprovals);
            if (approvals.size() > 1) {
                approvals.remove(Kind.ANY); // a specific approver already covers "any approver"
            }
            String why = personReason != null
                    ? personReason
                    : autoApprove == PolicySettings.AutoApprove.NEVER
                            ? type + " always needs a person under this policy"
                            : risk + " risk is above the " + autoApprove + " at which " + type
                                    + " runs without a person";
            return new PolicyDecision(
                    Outcome.NEEDS_APPROVAL,
                    risk,
                    findings,
                    (reason == null ? "" : reason + ": ") + why,
                    List.copyOf(approvals),
                    timeout,
                    directives,
                    version);
        }
    }
}
