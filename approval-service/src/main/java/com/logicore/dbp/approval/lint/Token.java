package com.logicore.dbp.approval.lint;

import java.util.Locale;

/**
 * One lexical token of PostgreSQL SQL.
 *
 * @param text the token as written (for strings and quoted identifiers: their content, unescaped; for dollar-quoted
 *     bodies: the body)
 * @param line 1-based line where the token starts
 * @param start offset of the token's first character in the script
 * @param end offset just past the token in the script
 */
public record Token(Type type, String text, int line, int start, int end) {

    /** Kinds of token the linter tells apart. */
    public enum Type {
        /** A keyword or unquoted identifier. */
        WORD,
        /** A "quoted identifier". */
        QUOTED_IDENTIFIER,
        /** A 'string', E'string' or U&'string'. */
        STRING,
        /** A $tag$dollar-quoted$tag$ body (function bodies, DO blocks). */
        DOLLAR_BODY,
        NUMBER,
        /** Any operator or punctuation, one or more characters. */
        SYMBOL
    }

    /** Upper-cased text of a WORD, for keyword matching. */
    public String keyword() {
        return type == Type.WORD ? text.toUpperCase(Locale.ROOT) : "";
    }

    public boolean is(String keyword) {
        return type == Type.WORD && text.equalsIgnoreCase(keyword);
    }

    public boolean isSymbol(String symbol) {
        return type == Type.SYMBOL && text.equals(symbol);
    }

    public boolean isIdentifier() {
        return type == Type.WORD || type == Type.QUOTED_IDENTIFIER;
    }

    /** An identifier as PostgreSQL resolves it: unquoted names fold to lower case. */
    public String identifier() {
        return type == Type.QUOTED_IDENTIFIER ? text : text.toLowerCase(Locale.ROOT);
    }
}
