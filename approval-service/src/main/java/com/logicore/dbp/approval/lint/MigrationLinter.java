package com.logicore.dbp.approval.lint;

import com.logicore.dbp.events.payload.Finding;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Lints SQL a team submits: splits it into statements, runs every rule on every statement, and words each finding so
 * the developer can act on it (statement, line, what is wrong, what to write instead). Pure and fast: no database.
 */
public final class MigrationLinter {

    private final List<LintRule> rules;

    public MigrationLinter() {
        this(LintRules.all());
    }

    MigrationLinter(List<LintRule> rules) {
        this.rules = rules;
    }

    /**
     * Lints a migration script.
     *
     * @param field the request field the script came from, e.g. {@code payload.migrations[0].sql}
     * @param ownedSchemas the schemas the requesting team owns
     */
    public List<Finding> lintScript(String script, String field, Set<String> ownedSchemas) {
        List<SqlStatement> statements;
        try {
            statements = SqlScriptSplitter.split(script);
        } catch (SqlScriptSplitter.UnreadableScript e) {
            return List.of(finding(LintRules.UNREADABLE, null, e.getMessage(), field));
        }
        Context context = new Context(
                Set.copyOf(ownedSchemas),
                createdTables(statements),
                statements.size(),
                statements.stream().anyMatch(s -> s.startsWith("BEGIN") || s.startsWith("START", "TRANSACTION")));
        List<Finding> findings = new ArrayList<>();
        for (SqlStatement statement : statements) {
            for (LintRule rule : rules) {
                Optional<String> detail = rule.detector().detect(statement, context);
                detail.ifPresent(d -> findings.add(finding(rule, statement, d, field)));
            }
        }
        if (statements.stream()
                .anyMatch(s -> s.startsWith("CREATE") || s.startsWith("ALTER") || s.startsWith("DROP"))) {
            findings.add(finding(LintRules.TIMEOUTS, null, "", field));
        }
        return findings;
    }

    /** Lints a field that must hold exactly one statement (a query to review or export, an index predicate). */
    public List<Finding> lintSingleStatement(String sql, String field, Set<String> ownedSchemas) {
        List<Finding> findings = new ArrayList<>(lintScript(sql, field, ownedSchemas));
        try {
            int count = SqlScriptSplitter.split(sql).size();
            if (count > 1) {
                findings.add(0, finding(LintRules.SMUGGLING, null, count + " statements", field));
            }
        } catch (SqlScriptSplitter.UnreadableScript ignored) {
            // already reported by lintScript
        }
        return findings;
    }

    private static Set<String> createdTables(List<SqlStatement> statements) {
        Set<String> created = new HashSet<>();
        for (SqlStatement s : statements) {
            if (s.startsWith("CREATE", "TABLE") || s.startsWith("CREATE", "UNLOGGED", "TABLE")) {
                int name = s.indexOf("TABLE", 0) + 1;
                if (s.hasSequence("IF", "NOT", "EXISTS")) {
                    name += 3;
                }
                created.add(LintRules.lastNamePart(s, name));
            }
        }
        return created;
    }

    private static Finding finding(LintRule rule, SqlStatement statement, String detail, String field) {
        StringBuilder message = new StringBuilder();
        if (statement != null) {
            message.append("statement ")
                    .append(statement.number())
                    .append(" (line ")
                    .append(statement.line())
                    .append(", ")
                    .append(statement.excerpt())
                    .append("): ");
        }
        message.append(rule.explanation());
        if (detail != null && !detail.isBlank()) {
            message.append(" [").append(detail).append(']');
        }
        message.append(". Instead: ").append(rule.instead());
        return new Finding(rule.id(), rule.severity(), message.toString(), field);
    }

    private record Context(
            Set<String> ownedSchemas, Set<String> createdTables, int statementCount, boolean explicitTransaction)
            implements LintRule.ScriptContext {}
}
