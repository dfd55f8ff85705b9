package com.logicore.dbp.approval.lint;

import java.util.List;
import java.util.Locale;

/**
 * One statement of a script: its tokens (comments dropped), its text, where it starts.
 *
 * @param number 1-based position in the script
 * @param offset where the statement's text starts in the script (token offsets are script offsets)
 */
public record SqlStatement(int number, int line, String text, int offset, List<Token> tokens) {

    /** Words that may precede a parenthesis without making it a function call. */
    private static final java.util.Set<String> NOT_FUNCTIONS = java.util.Set.of(
            "EXISTS",
            "IN",
            "ANY",
            "ALL",
            "SOME",
            "LATERAL",
            "AS",
            "FROM",
            "JOIN",
            "ON",
            "AND",
            "OR",
            "NOT",
            "WHERE",
            "SELECT",
            "WITH",
            "UNION",
            "EXCEPT",
            "INTERSECT",
            "THEN",
            "ELSE",
            "WHEN",
            "BY",
            "HAVING",
            "USING",
            "VALUES",
            "RETURNING",
            "MATERIALIZED",
            "TABLE",
            "INTO",
            "UPDATE",
            "DELETE",
            "INSERT");

    /**
     * For each token, whether it sits directly inside a function call's parentheses, where FROM is syntax
     * ({@code EXTRACT(year FROM t)}, {@code SUBSTRING(s FROM 2)}) and names no table. A subquery inside the call
     * opens parentheses of its own, so its FROM still counts.
     */
    public boolean[] directlyInFunctionCall() {
        boolean[] inCall = new boolean[tokens.size()];
        java.util.Deque<Boolean> open = new java.util.ArrayDeque<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.isSymbol("(")) {
                Token before = i > 0 ? tokens.get(i - 1) : null;
                open.push(before != null && before.isIdentifier() && !NOT_FUNCTIONS.contains(before.keyword()));
            } else if (token.isSymbol(")") && !open.isEmpty()) {
                open.pop();
            }
            inCall[i] = !open.isEmpty() && open.peek();
        }
        return inCall;
    }

    /** True when the statement's first words are these keywords, in order (e.g. "ALTER", "TABLE"). */
    public boolean startsWith(String... keywords) {
        if (tokens.size() < keywords.length) {
            return false;
        }
        for (int i = 0; i < keywords.length; i++) {
            if (!tokens.get(i).is(keywords[i])) {
                return false;
            }
        }
        return true;
    }

    /** True when the keyword appears anywhere outside strings, bodies and quoted identifiers. */
    public boolean has(String keyword) {
        return indexOf(keyword, 0) >= 0;
    }

    /** True when these keywords appear consecutively somewhere in the statement. */
    public boolean hasSequence(String... keywords) {
        return sequenceAt(0, keywords) >= 0;
    }

    public int sequenceAt(int from, String... keywords) {
        outer:
        for (int i = from; i + keywords.length <= tokens.size(); i++) {
            for (int k = 0; k < keywords.length; k++) {
                if (!tokens.get(i + k).is(keywords[k])) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    public int indexOf(String keyword, int from) {
        for (int i = from; i < tokens.size(); i++) {
            if (tokens.get(i).is(keyword)) {
                return i;
            }
        }
        return -1;
    }

    /** The statement's text in upper case, for the few checks that look at text (function names). */
    public String upperText() {
        return text.toUpperCase(Locale.ROOT);
    }

    /**
     * The statement with every {@code schema.} qualifier of {@code from} replaced by {@code to}: used to run a
     * migration against a shadow copy of the team's schema.
     */
    public String withSchema(String from, String to) {
        StringBuilder out = new StringBuilder(text);
        int leading = text.isEmpty() ? 0 : tokens.get(0).start() - offset;
        for (int i = tokens.size() - 2; i >= 0; i--) {
            Token t = tokens.get(i);
            if (t.isIdentifier()
                    && t.identifier().equals(from)
                    && tokens.get(i + 1).isSymbol(".")) {
                out.replace(t.start() - offset - leading, t.end() - offset - leading, to);
            }
        }
        return out.toString();
    }

    /** A short excerpt for findings. */
    public String excerpt() {
        String flat = text.replaceAll("\\s+", " ").trim();
        return flat.length() <= 80 ? flat : flat.substring(0, 77) + "...";
    }
}
