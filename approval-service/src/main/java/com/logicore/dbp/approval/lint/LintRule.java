package com.logicore.dbp.approval.lint;

import com.logicore.dbp.events.payload.Finding.Severity;
import java.util.Optional;

/**
 * One rule: a stable id, how bad a violation is, what it means, and what to write instead.
 *
 * @param detector answers a detail to quote (may be empty) when the statement violates the rule, else empty
 */
public record LintRule(String id, Severity severity, String explanation, String instead, Detector detector) {

    /** Looks at one statement in the context of its script. */
    @FunctionalInterface
    public interface Detector {
        Optional<String> detect(SqlStatement statement, ScriptContext context);
    }

    /** What the rules know about the script and its requester. */
    public interface ScriptContext {
        /** Schemas the requesting team owns. */
        java.util.Set<String> ownedSchemas();

        /** Tables the script itself creates (new, empty: most lock rules do not apply to them). */
        java.util.Set<String> createdTables();

        int statementCount();

        boolean explicitTransaction();
    }
}
