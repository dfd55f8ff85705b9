package com.logicore.dbp.approval.lint;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SQL script into statements the way PostgreSQL reads it: a {@code ;} ends a statement only outside
 * 'strings' (with '' escapes), E'strings' (with backslash escapes), "quoted identifiers", $tag$dollar quotes$tag$,
 * -- line comments and nested /* block comments *&#47;. Produces each statement's tokens on the way, so the rules
 * never see the inside of a string or a comment as code.
 */
public final class SqlScriptSplitter {

    /** The script could not be read to its end (an unterminated string, comment or dollar quote). */
    public static final class UnreadableScript extends RuntimeException {
        private final int line;

        UnreadableScript(String message, int line) {
            super(message + " (starting at line " + line + ")");
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    private final String sql;
    private int pos;
    private int line = 1;

    private SqlScriptSplitter(String sql) {
        this.sql = sql;
    }

    public static List<SqlStatement> split(String script) {
        return new SqlScriptSplitter(script).run();
    }

    private List<SqlStatement> run() {
        List<SqlStatement> statements = new ArrayList<>();
        List<Token> tokens = new ArrayList<>();
        int statementStart = -1;
        int statementLine = 1;
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (c == '\n') {
                line++;
                pos++;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '-' && peek(1) == '-') {
                skipLineComment();
            } else if (c == '/' && peek(1) == '*') {
                skipBlockComment();
            } else if (c == ';') {
                if (!tokens.isEmpty()) {
                    statements.add(statement(statements.size() + 1, statementLine, statementStart, pos, tokens));
                    tokens = new ArrayList<>();
                }
                statementStart = -1;
                pos++;
            } else {
                if (statementStart < 0) {
                    statementStart = pos;
                    statementLine = line;
                }
                tokens.add(nextToken(c));
            }
        }
        if (!tokens.isEmpty()) {
            statements.add(statement(statements.size() + 1, statementLine, statementStart, sql.length(), tokens));
        }
        return statements;
    }

    private SqlStatement statement(int number, int startLine, int start, int end, List<Token> tokens) {
        return new SqlStatement(number, startLine, sql.substring(start, end).trim(), start, List.copyOf(tokens));
    }

    private Token nextToken(char c) {
        int tokenLine = line;
        int tokenStart = pos;
        if ((c == 'E' || c == 'e') && peek(1) == '\'') {
            pos++;
            return token(Token.Type.STRING, readString(true), tokenLine, tokenStart);
        }
        if ((c == 'U' || c == 'u') && peek(1) == '&' && (peek(2) == '\'' || peek(2) == '"')) {
            pos += 2;
            return sql.charAt(pos) == '\''
                    ? token(Token.Type.STRING, readString(false), tokenLine, tokenStart)
                    : token(Token.Type.QUOTED_IDENTIFIER, readQuotedIdentifier(), tokenLine, tokenStart);
        }
        if (c == '\'') {
            return token(Token.Type.STRING, readString(false), tokenLine, tokenStart);
        }
        if (c == '"') {
            return token(Token.Type.QUOTED_IDENTIFIER, readQuotedIdentifier(), tokenLine, tokenStart);
        }
        if (c == '$') {
            String tag = dollarTag();
            if (tag != null) {
                return token(Token.Type.DOLLAR_BODY, readDollarBody(tag), tokenLine, tokenStart);
            }
        }
        if (Character.isLetter(c) || c == '_') {
            int start = pos;
            while (pos < sql.length()
                    && (Character.isLetterOrDigit(sql.charAt(pos))
                            || sql.charAt(pos) == '_'
                            || sql.charAt(pos) == '$')) {
                pos++;
            }
            return token(Token.Type.WORD, sql.substring(start, pos), tokenLine, tokenStart);
        }
        if (Character.isDigit(c)) {
            int start = pos;
            while (pos < sql.length() && (Character.isLetterOrDigit(sql.charAt(pos)) || sql.charAt(pos) == '.')) {
                pos++;
            }
            return token(Token.Type.NUMBER, sql.substring(start, pos), tokenLine, tokenStart);
        }
        // Operators: "::", "." and "(" matter to the rules; others are passed through one character at a time.
        if (c == ':' && peek(1) == ':') {
            pos += 2;
            return token(Token.Type.SYMBOL, "::", tokenLine, tokenStart);
        }
        pos++;
        return token(Token.Type.SYMBOL, String.valueOf(c), tokenLine, tokenStart);
    }

    private Token token(Token.Type type, String text, int tokenLine, int tokenStart) {
        return new Token(type, text, tokenLine, tokenStart, pos);
    }

    /** Reads a 'string' (pos at the opening quote); {@code backslashEscapes} for E'' strings. */
    private String readString(boolean backslashEscapes) {
        return readQuoted('\'', backslashEscapes, "string literal");
    }

    private String readQuotedIdentifier() {
        return readQuoted('"', false, "quoted identifier");
    }

    /** Reads up to the closing {@code quote}; a doubled quote stands for itself. */
    private String readQuoted(char quote, boolean backslashEscapes, String what) {
        int startLine = line;
        StringBuilder content = new StringBuilder();
        pos++; // opening quote
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (c == '\n') {
                line++;
            }
            if (backslashEscapes && c == '\\' && pos + 1 < sql.length()) {
                char escaped = sql.charAt(pos + 1);
                content.append(
                        switch (escaped) {
                            case 't' -> '\t';
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 'b' -> '\b';
                            case 'f' -> '\f';
                            default -> escaped;
                        });
                pos += 2;
                continue;
            }
            if (c == quote) {
                if (peek(1) == quote) {
                    content.append(quote);
                    pos += 2;
                    continue;
                }
                pos++;
                return content.toString();
            }
            content.append(c);
            pos++;
        }
        throw new UnreadableScript("unterminated " + what, startLine);
    }

    /** The tag of a dollar quote starting at pos ("" for $$), or null when this $ is not one (e.g. $1). */
    private String dollarTag() {
        int end = pos + 1;
        while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
            end++;
        }
        if (end >= sql.length() || sql.charAt(end) != '$') {
            return null;
        }
        String tag = sql.substring(pos + 1, end);
        if (!tag.isEmpty() && Character.isDigit(tag.charAt(0))) {
            return null;
        }
        return tag;
    }

    private String readDollarBody(String tag) {
        int startLine = line;
        String delimiter = "$" + tag + "$";
        int bodyStart = pos + delimiter.length();
        int close = sql.indexOf(delimiter, bodyStart);
        if (close < 0) {
            throw new UnreadableScript("unterminated dollar-quoted string " + delimiter, startLine);
        }
        String body = sql.substring(bodyStart, close);
        line += (int) body.chars().filter(ch -> ch == '\n').count();
        pos = close + delimiter.length();
        return body;
    }

    private void skipLineComment() {
        while (pos < sql.length() && sql.charAt(pos) != '\n') {
            pos++;
        }
    }

    private void skipBlockComment() {
        int startLine = line;
        int depth = 0;
        while (pos < sql.length()) {
            if (sql.charAt(pos) == '/' && peek(1) == '*') {
                depth++;
                pos += 2;
            } else if (sql.charAt(pos) == '*' && peek(1) == '/') {
                depth--;
                pos += 2;
                if (depth == 0) {
                    return;
                }
            } else {
                if (sql.charAt(pos) == '\n') {
                    line++;
                }
                pos++;
            }
        }
        throw new UnreadableScript("unterminated block comment", startLine);
    }

    private char peek(int ahead) {
        int at = pos + ahead;
        return at < sql.length() ? sql.charAt(at) : '\0';
    }
}
