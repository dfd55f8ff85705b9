package com.logicore.dbp.approval.lint;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The existing tables a script acts on, as {@code schema.table} (unqualified names resolve to the target schema). */
public final class TouchedTables {

    private TouchedTables() {}

    public static Set<String> of(String script, String defaultSchema) {
        List<SqlStatement> statements;
        try {
            statements = SqlScriptSplitter.split(script);
        } catch (SqlScriptSplitter.UnreadableScript e) {
            return Set.of();
        }
        Set<String> created = new LinkedHashSet<>();
        Set<String> touched = new LinkedHashSet<>();
        for (SqlStatement s : statements) {
            int name = nameIndex(s);
            if (name < 0) {
                continue;
            }
            String table = qualified(s, name, defaultSchema);
            if (s.startsWith("CREATE", "TABLE")) {
                created.add(table);
            } else if (!table.isEmpty() && !created.contains(table)) {
                touched.add(table);
            }
        }
        return touched;
    }

    /**
     * The tables a read-only query reads: every name after FROM or JOIN (subqueries and functions are skipped), as
     * {@code schema.table}. CTE names are not tables and are left out.
     */
    public static Set<String> read(String query, String defaultSchema) {
        List<SqlStatement> statements;
        try {
            statements = SqlScriptSplitter.split(query);
        } catch (SqlScriptSplitter.UnreadableScript e) {
            return Set.of();
        }
        Set<String> read = new LinkedHashSet<>();
        Set<String> cteNames = new java.util.HashSet<>();
        for (SqlStatement s : statements) {
            var tokens = s.tokens();
            for (int i = 0; i + 1 < tokens.size(); i++) {
                if (tokens.get(i).isIdentifier()
                        && i + 2 < tokens.size()
                        && tokens.get(i + 1).is("AS")
                        && tokens.get(i + 2).isSymbol("(")) {
                    cteNames.add(tokens.get(i).identifier());
                }
            }
            boolean[] inCall = s.directlyInFunctionCall();
            for (int i = 0; i + 1 < tokens.size(); i++) {
                if (inCall[i] || !(tokens.get(i).is("FROM") || tokens.get(i).is("JOIN"))) {
                    continue;
                }
                int name = i + 1;
                if (tokens.get(name).is("ONLY") || tokens.get(name).is("LATERAL")) {
                    name++;
                }
                if (name >= tokens.size() || !tokens.get(name).isIdentifier()) {
                    continue;
                }
                boolean function =
                        name + 1 < tokens.size() && tokens.get(name + 1).isSymbol("(");
                boolean qualifiedFunction = name + 3 < tokens.size()
                        && tokens.get(name + 1).isSymbol(".")
                        && tokens.get(name + 3).isSymbol("(");
                String table = qualified(s, name, defaultSchema);
                boolean qualifiedName =
                        name + 1 < tokens.size() && tokens.get(name + 1).isSymbol(".");
                boolean cte =
                        !qualifiedName && cteNames.contains(tokens.get(name).identifier());
                if (!function && !qualifiedFunction && !cte && !table.isEmpty()) {
                    read.add(table);
                }
            }
        }
        return read;
    }

    /** Index of the token where the statement's table name starts, or -1. */
    private static int nameIndex(SqlStatement s) {
        int i;
        if (s.startsWith("ALTER", "TABLE")
                || s.startsWith("DROP", "TABLE")
                || s.startsWith("CREATE", "TABLE")
                || s.startsWith("LOCK", "TABLE")) {
            i = 2;
        } else if (s.startsWith("TRUNCATE") || s.startsWith("UPDATE") || s.startsWith("CLUSTER")) {
            i = 1;
            if (i < s.tokens().size() && s.tokens().get(i).is("TABLE")) {
                i++;
            }
        } else if (s.startsWith("DELETE", "FROM") || s.startsWith("INSERT", "INTO")) {
            i = 2;
        } else if (s.startsWith("CREATE", "INDEX") || s.startsWith("CREATE", "UNIQUE", "INDEX")) {
            i = s.indexOf("ON", 0) + 1;
            if (i == 0) {
                return -1;
            }
        } else {
            return -1;
        }
        while (i < s.tokens().size()
                && (s.tokens().get(i).is("IF")
                        || s.tokens().get(i).is("EXISTS")
                        || s.tokens().get(i).is("NOT")
                        || s.tokens().get(i).is("ONLY"))) {
            i++;
        }
        return i < s.tokens().size() ? i : -1;
    }

    private static String qualified(SqlStatement s, int i, String defaultSchema) {
        var tokens = s.tokens();
        if (!tokens.get(i).isIdentifier()) {
            return "";
        }
        if (i + 2 < tokens.size()
                && tokens.get(i + 1).isSymbol(".")
                && tokens.get(i + 2).isIdentifier()) {
            return tokens.get(i).identifier() + "." + tokens.get(i + 2).identifier();
        }
        return defaultSchema + "." + tokens.get(i).identifier();
    }
}
