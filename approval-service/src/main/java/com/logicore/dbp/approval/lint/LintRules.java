package com.logicore.dbp.approval.lint;

import static com.logicore.dbp.events.payload.Finding.Severity.BLOCKER;
import static com.logicore.dbp.events.payload.Finding.Severity.INFO;
import static com.logicore.dbp.events.payload.Finding.Severity.WARNING;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rule set: lock-aware migration rules (after squawk's) and security rules that are always errors. Each rule
 * looks at tokens (strings, comments and bodies are never mistaken for code); the database enforces the same
 * guardrails again when the worker runs the SQL as the team's role.
 */
public final class LintRules {

    private static final Set<String> READABLE_SCHEMAS = Set.of("pg_catalog", "information_schema");
    private static final Set<String> OBJECT_KEYWORDS = Set.of(
            "TABLE",
            "INTO",
            "FROM",
            "JOIN",
            "UPDATE",
            "REFERENCES",
            "ON",
            "VIEW",
            "SEQUENCE",
            "INDEX",
            "FUNCTION",
            "PROCEDURE",
            "TYPE",
            "DOMAIN",
            "TRIGGER",
            "EXISTS",
            "ONLY",
            "TRUNCATE",
            "LOCK",
            "SCHEMA",
            "USING");
    private static final Set<String> VOLATILE_DEFAULTS = Set.of(
            "RANDOM",
            "GEN_RANDOM_UUID",
            "UUID_GENERATE_V1",
            "UUID_GENERATE_V4",
            "CLOCK_TIMESTAMP",
            "TIMEOFDAY",
            "NEXTVAL",
            "TXID_CURRENT");
    private static final Set<String> KNOWN_LEADING = Set.of(
            "CREATE",
            "ALTER",
            "DROP",
            "COMMENT",
            "INSERT",
            "UPDATE",
            "DELETE",
            "SELECT",
            "WITH",
            "BEGIN",
            "START",
            "COMMIT",
            "END",
            "ROLLBACK",
            "SET",
            "RESET",
            "TRUNCATE",
            "GRANT",
            "REVOKE",
            "COPY",
            "DO",
            "VACUUM",
            "ANALYZE",
            "CLUSTER",
            "LOCK",
            "REINDEX",
            "REFRESH",
            "IMPORT",
            "SAVEPOINT",
            "RELEASE",
            "VALUES",
            "CALL",
            "DISCARD");
    private static final Pattern EXECUTE = Pattern.compile("\\bEXECUTE\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern SERVER_FILES = Pattern.compile(
            "\\b(PG_READ_FILE|PG_READ_BINARY_FILE|PG_LS_DIR|PG_STAT_FILE|PG_LS_LOGDIR|PG_LS_WALDIR|PG_FILE_WRITE)\\s*\\(",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern LARGE_OBJECT =
            Pattern.compile("\\b(LO_IMPORT|LO_EXPORT)\\s*\\(", Pattern.CASE_INSENSITIVE);
    private static final Pattern DBLINK =
            Pattern.compile("\\bDBLINK(_EXEC|_CONNECT|_SEND_QUERY)?\\s*\\(", Pattern.CASE_INSENSITIVE);

    private LintRules() {}

    /** Every rule, security first. */
    public static List<LintRule> all() {
        List<LintRule> rules = new ArrayList<>();
        rules.addAll(security());
        rules.addAll(locking());
        rules.addAll(types());
        return rules;
    }

    /** Every rule id a finding can carry, including the script-level ones; what a policy file may configure. */
    public static Set<String> ids() {
        Set<String> ids = new java.util.TreeSet<>();
        all().forEach(rule -> ids.add(rule.id()));
        List.of(TIMEOUTS, UNREADABLE, SMUGGLING).forEach(rule -> ids.add(rule.id()));
        return ids;
    }

    static List<LintRule> security() {
        return List.of(
                rule(
                        "security.copy",
                        BLOCKER,
                        "COPY reads or writes server files, runs programs, or streams data the worker cannot supply",
                        "load data with INSERT ... SELECT, or request a DATA_EXPORT",
                        (s, c) -> when(
                                s.startsWith("COPY"),
                                s.has("PROGRAM")
                                        ? "COPY ... PROGRAM runs a shell command on the database server"
                                        : "")),
                rule(
                        "security.alter-system",
                        BLOCKER,
                        "ALTER SYSTEM changes the server's configuration",
                        "ask the database team; server settings are not self-service",
                        (s, c) -> when(s.startsWith("ALTER", "SYSTEM"), "")),
                rule(
                        "security.extension",
                        BLOCKER,
                        "extensions are installed by the database team, not by migrations",
                        "request the extension from the database team",
                        (s, c) -> when(
                                (s.startsWith("CREATE", "EXTENSION")
                                        || s.startsWith("ALTER", "EXTENSION")
                                        || s.startsWith("DROP", "EXTENSION")),
                                "")),
                rule(
                        "security.grant-revoke",
                        BLOCKER,
                        "privileges are managed by the platform (ACCESS_GRANT requests)",
                        "submit an ACCESS_GRANT request",
                        (s, c) -> when(
                                s.startsWith("GRANT")
                                        || s.startsWith("REVOKE")
                                        || s.startsWith("ALTER", "DEFAULT", "PRIVILEGES"),
                                "")),
                rule(
                        "security.role",
                        BLOCKER,
                        "roles and users are managed by the platform",
                        "submit an ACCESS_GRANT or PROVISION_SCHEMA request",
                        (s, c) -> when(
                                (s.startsWith("CREATE") || s.startsWith("ALTER") || s.startsWith("DROP"))
                                        && s.tokens().size() > 1
                                        && Set.of("ROLE", "USER", "GROUP")
                                                .contains(s.tokens().get(1).keyword())
                                        && !s.hasSequence("USER", "MAPPING"),
                                "")),
                rule(
                        "security.set-role",
                        BLOCKER,
                        "switching roles escapes the team's own privileges",
                        "remove it: migrations run as the team's role",
                        (s, c) -> when(
                                (s.startsWith("SET") || s.startsWith("RESET"))
                                        && (s.has("ROLE") || s.hasSequence("SESSION", "AUTHORIZATION")),
                                "")),
                rule(
                        "security.search-path",
                        BLOCKER,
                        "search_path pointing outside the team's schemas resolves names elsewhere",
                        "qualify names with your own schema instead",
                        LintRules::foreignSearchPath),
                rule(
                        "security.foreign-schema",
                        BLOCKER,
                        "the statement references a schema the team does not own",
                        "change only your own schemas; read other teams' data through an ACCESS_GRANT or DATA_EXPORT",
                        LintRules::foreignSchema),
                rule(
                        "security.security-definer",
                        BLOCKER,
                        "a SECURITY DEFINER function without a pinned search_path can be hijacked",
                        "add SET search_path = <your schema>, pg_temp to the function",
                        (s, c) ->
                                when(s.hasSequence("SECURITY", "DEFINER") && !s.hasSequence("SET", "SEARCH_PATH"), "")),
                rule(
                        "security.dynamic-sql",
                        BLOCKER,
                        "dynamic SQL (EXECUTE) cannot be analysed before it runs",
                        "write the statements out in the migration",
                        (s, c) -> when(
                                s.tokens().stream()
                                        .anyMatch(t -> (t.type() == Token.Type.DOLLAR_BODY
                                                        || (s.startsWith("DO") && t.type() == Token.Type.STRING))
                                                && bodyExecutes(t.text())),
                                "")),
                rule(
                        "security.server-files",
                        BLOCKER,
                        "server file functions read or write the database server's files",
                        "remove it",
                        (s, c) -> when(SERVER_FILES.matcher(code(s)).find(), "")),
                rule(
                        "security.large-object",
                        BLOCKER,
                        "lo_import/lo_export read or write server files",
                        "store the data in a bytea column",
                        (s, c) -> when(LARGE_OBJECT.matcher(code(s)).find(), "")),
                rule(
                        "security.foreign-data",
                        BLOCKER,
                        "dblink and foreign data wrappers reach other databases",
                        "request a DATA_EXPORT from the other database",
                        (s, c) -> when(
                                DBLINK.matcher(code(s)).find()
                                        || s.startsWith("CREATE", "SERVER")
                                        || s.startsWith("CREATE", "FOREIGN")
                                        || s.hasSequence("USER", "MAPPING")
                                        || s.startsWith("IMPORT", "FOREIGN", "SCHEMA"),
                                "")),
                rule(
                        "security.event-trigger",
                        BLOCKER,
                        "event triggers fire on every DDL of the whole database",
                        "use a normal trigger on your own table",
                        (s, c) -> when(s.startsWith("CREATE", "EVENT", "TRIGGER"), "")),
                rule(
                        "lint.unclassified",
                        WARNING,
                        "the analyser does not recognise this statement, so a person must review it",
                        "if it is valid PostgreSQL, a reviewer approves it",
                        (s, c) -> when(!KNOWN_LEADING.contains(s.tokens().get(0).keyword()), "")),
                rule(
                        "lint.opaque-body",
                        WARNING,
                        "function and DO bodies are not analysed statement by statement",
                        "keep logic out of migrations where you can; a reviewer reads the body",
                        (s, c) -> when(s.tokens().stream().anyMatch(t -> t.type() == Token.Type.DOLLAR_BODY), "")));
    }

    static List<LintRule> locking() {
        return List.of(
                rule(
                        "index.not-concurrent",
                        WARNING,
                        "CREATE INDEX without CONCURRENTLY blocks writes to the table while it builds",
                        "CREATE INDEX CONCURRENTLY ... in a migration of its own (or request a CREATE_INDEX)",
                        (s, c) -> when(
                                isCreateIndex(s)
                                        && !s.has("CONCURRENTLY")
                                        && !c.createdTables().contains(indexTable(s)),
                                "")),
                rule(
                        "index.drop-not-concurrent",
                        WARNING,
                        "DROP INDEX without CONCURRENTLY blocks reads and writes of the table",
                        "DROP INDEX CONCURRENTLY ... in a migration of its own",
                        (s, c) -> when(s.startsWith("DROP", "INDEX") && !s.has("CONCURRENTLY"), "")),
                rule(
                        "index.concurrently-in-transaction",
                        BLOCKER,
                        "CONCURRENTLY cannot run inside a transaction block",
                        "put the concurrent index statement alone in its own migration",
                        (s, c) ->
                                when(s.has("CONCURRENTLY") && (c.explicitTransaction() || c.statementCount() > 1), "")),
                rule(
                        "constraint.not-valid-missing",
                        WARNING,
                        "adding a CHECK or FOREIGN KEY validates every row while holding a lock",
                        "ADD CONSTRAINT ... NOT VALID, then ALTER TABLE ... VALIDATE CONSTRAINT in a later migration",
                        (s, c) -> when(
                                alterExisting(s, c)
                                        && s.has("ADD")
                                        && (s.has("CHECK")
                                                || s.hasSequence("FOREIGN", "KEY")
                                                || (s.has("CONSTRAINT") && s.has("REFERENCES")))
                                        && !s.hasSequence("NOT", "VALID"),
                                "")),
                rule(
                        "constraint.unique-without-index",
                        WARNING,
                        "adding UNIQUE or PRIMARY KEY builds its index under an exclusive lock",
                        "CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT ... UNIQUE USING INDEX",
                        (s, c) -> when(
                                alterExisting(s, c)
                                        && s.has("ADD")
                                        && (s.has("UNIQUE") || s.hasSequence("PRIMARY", "KEY"))
                                        && !s.hasSequence("USING", "INDEX")
                                        && !s.hasSequence("ADD", "COLUMN"),
                                "")),
                rule(
                        "column.set-not-null",
                        WARNING,
                        "SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock",
                        "ADD CONSTRAINT ... CHECK (col IS NOT NULL) NOT VALID, VALIDATE it, then SET NOT NULL (no scan)",
                        (s, c) -> when(alterExisting(s, c) && s.hasSequence("SET", "NOT", "NULL"), "")),
                rule(
                        "column.required-without-default",
                        WARNING,
                        "a NOT NULL column without a default fails on a table with rows",
                        "add it nullable (or with a constant default), backfill, then add the constraint",
                        (s, c) -> when(
                                alterExisting(s, c)
                                        && s.has("ADD")
                                        && !s.has("CONSTRAINT")
                                        && s.hasSequence("NOT", "NULL")
                                        && !s.has("DEFAULT"),
                                "")),
                rule(
                        "column.volatile-default",
                        WARNING,
                        "a volatile default rewrites the whole table to fill the new column",
                        "add the column without a default, backfill in batches, then SET DEFAULT",
                        LintRules::volatileDefault),
                rule(
                        "column.type-change",
                        WARNING,
                        "changing a column's type rewrites the table and its indexes under an exclusive lock",
                        "add a new column, backfill in batches, switch reads, then drop the old one",
                        (s, c) -> when(
                                alterExisting(s, c) && (s.hasSequence("SET", "DATA", "TYPE") || alterColumnType(s)),
                                "")),
                rule(
                        "rename.table",
                        WARNING,
                        "renaming a table breaks every query that still uses the old name",
                        "create a view with the old name during the switch (expand, migrate, contract)",
                        (s, c) -> when(
                                s.startsWith("ALTER", "TABLE")
                                        && s.has("RENAME")
                                        && s.has("TO")
                                        && !s.has("COLUMN")
                                        && !s.has("CONSTRAINT")
                                        && renameTarget(s) == 0,
                                "")),
                rule(
                        "rename.column",
                        WARNING,
                        "renaming a column breaks every query that still uses the old name",
                        "add the new column, write both, switch reads, then drop the old one",
                        (s, c) -> when(s.startsWith("ALTER", "TABLE") && s.has("RENAME") && renameTarget(s) == 1, "")),
                rule(
                        "drop.table",
                        WARNING,
                        "DROP TABLE deletes the table and its data for good",
                        "rename it away first and drop it in a later migration once nothing reads it",
                        (s, c) -> when(s.startsWith("DROP", "TABLE"), "")),
                rule(
                        "drop.column",
                        WARNING,
                        "DROP COLUMN breaks queries still reading it and loses its data",
                        "stop using the column in code first, then drop it",
                        (s, c) -> when(s.startsWith("ALTER", "TABLE") && s.hasSequence("DROP", "COLUMN"), "")),
                rule(
                        "drop.not-null",
                        WARNING,
                        "dropping NOT NULL lets NULLs in that code may not expect",
                        "make sure every reader handles NULL first",
                        (s, c) -> when(s.hasSequence("DROP", "NOT", "NULL"), "")),
                rule(
                        "truncate.cascade",
                        WARNING,
                        "TRUNCATE ... CASCADE also empties every table that references this one",
                        "truncate the tables you mean, by name",
                        (s, c) -> when(s.startsWith("TRUNCATE") && s.has("CASCADE"), "")),
                rule(
                        "rewrite.full-table",
                        WARNING,
                        "VACUUM FULL, CLUSTER and LOCK TABLE hold an exclusive lock on the whole table",
                        "ask the database team for maintenance windows",
                        (s, c) -> when(
                                s.startsWith("VACUUM") && s.has("FULL")
                                        || s.startsWith("CLUSTER")
                                        || s.startsWith("LOCK"),
                                "")),
                rule(
                        "domain.check-constraint",
                        WARNING,
                        "a domain CHECK is validated against every column of that domain",
                        "put the CHECK on the table column instead",
                        (s, c) -> when(
                                (s.startsWith("CREATE", "DOMAIN") && s.has("CHECK"))
                                        || (s.startsWith("ALTER", "DOMAIN") && s.hasSequence("ADD", "CONSTRAINT")),
                                "")),
                rule(
                        "enum.add-value",
                        INFO,
                        "a new enum value cannot be used in the transaction that adds it; BEFORE/AFTER changes sort order",
                        "add values in a migration of their own; append at the end unless ordering matters",
                        (s, c) -> when(s.startsWith("ALTER", "TYPE") && s.hasSequence("ADD", "VALUE"), "")),
                rule(
                        "data.unbounded-dml",
                        WARNING,
                        "UPDATE or DELETE without WHERE touches every row in one transaction",
                        "add a WHERE clause, or batch large backfills",
                        (s, c) -> when((s.startsWith("UPDATE") || s.startsWith("DELETE")) && !s.has("WHERE"), "")),
                rule(
                        "identifier.too-long",
                        WARNING,
                        "PostgreSQL truncates identifiers longer than 63 bytes",
                        "choose a shorter name",
                        (s, c) -> s.tokens().stream()
                                .filter(Token::isIdentifier)
                                .filter(t -> t.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 63)
                                .map(t -> "'" + t.text() + "'")
                                .findFirst()));
    }

    static List<LintRule> types() {
        return List.of(
                rule(
                        "type.int-primary-key",
                        WARNING,
                        "an int or serial primary key runs out at 2.1 billion rows",
                        "use bigint GENERATED ALWAYS AS IDENTITY",
                        (s, c) -> when(ddl(s) && (s.has("SERIAL") || s.has("SMALLSERIAL") || intPrimaryKey(s)), "")),
                rule(
                        "type.prefer-text",
                        INFO,
                        "char(n)/varchar(n) only add a length limit that is costly to change later",
                        "use text, with a CHECK (length(col) <= n) if the limit matters",
                        (s, c) -> when(
                                ddl(s)
                                        && (s.has("VARCHAR")
                                                || s.hasSequence("CHARACTER", "VARYING")
                                                || charWithLength(s)),
                                "")),
                rule(
                        "type.prefer-timestamptz",
                        WARNING,
                        "timestamp without time zone loses the offset of every value",
                        "use timestamptz",
                        (s, c) -> when(ddl(s) && timestampWithoutZone(s), "")));
    }

    /** Said once per script that changes schema: the worker already guards every statement with timeouts. */
    public static final LintRule TIMEOUTS = new LintRule(
            "timeouts.enforced",
            INFO,
            "the worker runs every statement with lock_timeout and statement_timeout set, so a blocked lock fails fast",
            "nothing to do; do not set them yourself",
            (s, c) -> Optional.empty());

    /** A script that cannot be read to its end. */
    public static final LintRule UNREADABLE = new LintRule(
            "lint.unreadable",
            BLOCKER,
            "the script cannot be read to its end",
            "close the string, comment or dollar quote",
            (s, c) -> Optional.empty());

    /** A field meant for one statement holds several. */
    public static final LintRule SMUGGLING = new LintRule(
            "security.smuggling",
            BLOCKER,
            "this field takes exactly one statement but holds several",
            "submit one statement",
            (s, c) -> Optional.empty());

    private static LintRule rule(
            String id,
            com.logicore.dbp.events.payload.Finding.Severity severity,
            String explanation,
            String instead,
            LintRule.Detector detector) {
        return new LintRule(id, severity, explanation, instead, detector);
    }

    private static Optional<String> when(boolean condition, String detail) {
        return condition ? Optional.of(detail) : Optional.empty();
    }

    /** Whether a function or DO body runs dynamic SQL: an EXECUTE word outside the body's own strings. */
    private static boolean bodyExecutes(String body) {
        if (!EXECUTE.matcher(body).find()) {
            return false;
        }
        try {
            return SqlScriptSplitter.split(body).stream()
                    .flatMap(statement -> statement.tokens().stream())
                    .anyMatch(t -> t.is("EXECUTE"));
        } catch (SqlScriptSplitter.UnreadableScript e) {
            return true; // cannot tell: treat as dynamic
        }
    }

    /** Code the statement runs: its words and symbols plus function/DO bodies, without string literals. */
    private static String code(SqlStatement s) {
        StringBuilder code = new StringBuilder();
        for (Token t : s.tokens()) {
            if (t.type() != Token.Type.STRING && t.type() != Token.Type.QUOTED_IDENTIFIER) {
                code.append(t.text()).append(' ');
            }
        }
        return code.toString();
    }

    private static boolean ddl(SqlStatement s) {
        return s.startsWith("CREATE", "TABLE") || s.startsWith("ALTER", "TABLE");
    }

    private static boolean isCreateIndex(SqlStatement s) {
        return s.startsWith("CREATE", "INDEX") || s.startsWith("CREATE", "UNIQUE", "INDEX");
    }

    /** The unqualified table an index is created on. */
    private static String indexTable(SqlStatement s) {
        int on = s.indexOf("ON", 0);
        if (on < 0 || on + 1 >= s.tokens().size()) {
            return "";
        }
        int i = on + 1;
        if (s.tokens().get(i).is("ONLY")) {
            i++;
        }
        return lastNamePart(s, i);
    }

    /** ALTER TABLE on a table that existed before this script. */
    private static boolean alterExisting(SqlStatement s, LintRule.ScriptContext c) {
        if (!s.startsWith("ALTER", "TABLE")) {
            return false;
        }
        int i = 2;
        while (i < s.tokens().size()
                && (s.tokens().get(i).is("IF")
                        || s.tokens().get(i).is("EXISTS")
                        || s.tokens().get(i).is("ONLY"))) {
            i++;
        }
        return !c.createdTables().contains(lastNamePart(s, i));
    }

    /** The last part of a possibly qualified name starting at token i (schema.table -> table). */
    static String lastNamePart(SqlStatement s, int i) {
        List<Token> t = s.tokens();
        if (i >= t.size() || !t.get(i).isIdentifier()) {
            return "";
        }
        String name = t.get(i).identifier();
        while (i + 2 < t.size() && t.get(i + 1).isSymbol(".") && t.get(i + 2).isIdentifier()) {
            name = t.get(i + 2).identifier();
            i += 2;
        }
        return name;
    }

    private static boolean alterColumnType(SqlStatement s) {
        List<Token> t = s.tokens();
        for (int i = 0; i + 2 < t.size(); i++) {
            if (t.get(i).is("ALTER") && i > 0) {
                int j = t.get(i + 1).is("COLUMN") ? i + 3 : i + 2;
                if (j < t.size() && t.get(j).is("TYPE")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** 0: ALTER TABLE x RENAME TO y (the table); 1: RENAME [COLUMN] a TO b (a column); -1: not a rename. */
    private static int renameTarget(SqlStatement s) {
        int rename = s.indexOf("RENAME", 0);
        if (rename < 0 || rename + 1 >= s.tokens().size()) {
            return -1;
        }
        return s.tokens().get(rename + 1).is("TO") ? 0 : 1;
    }

    private static Optional<String> volatileDefault(SqlStatement s, LintRule.ScriptContext c) {
        if (!alterExisting(s, c) || !s.has("ADD")) {
            return Optional.empty();
        }
        int def = s.indexOf("DEFAULT", 0);
        if (def < 0 || def + 1 >= s.tokens().size()) {
            return Optional.empty();
        }
        String function = s.tokens().get(def + 1).keyword();
        return when(VOLATILE_DEFAULTS.contains(function), function.toLowerCase(Locale.ROOT) + "()");
    }

    private static boolean intPrimaryKey(SqlStatement s) {
        List<Token> t = s.tokens();
        for (int i = 0; i < t.size(); i++) {
            if (Set.of("INT", "INTEGER", "INT4", "SMALLINT", "INT2")
                    .contains(t.get(i).keyword())) {
                for (int j = i + 1; j < Math.min(t.size() - 1, i + 5); j++) {
                    if (t.get(j).is("PRIMARY") && t.get(j + 1).is("KEY")) {
                        return true;
                    }
                    if (t.get(j).isSymbol(",")) {
                        break;
                    }
                }
            }
        }
        return false;
    }

    private static boolean charWithLength(SqlStatement s) {
        List<Token> t = s.tokens();
        for (int i = 0; i + 1 < t.size(); i++) {
            if ((t.get(i).is("CHAR") || t.get(i).is("CHARACTER"))
                    && t.get(i + 1).isSymbol("(")) {
                return true;
            }
        }
        return false;
    }

    private static boolean timestampWithoutZone(SqlStatement s) {
        List<Token> t = s.tokens();
        for (int i = 0; i < t.size(); i++) {
            if (t.get(i).is("TIMESTAMP")) {
                int j = i + 1;
                if (j < t.size() && t.get(j).isSymbol("(")) {
                    j += 3; // (precision)
                }
                boolean withZone = j + 2 < t.size()
                        && t.get(j).is("WITH")
                        && t.get(j + 1).is("TIME")
                        && t.get(j + 2).is("ZONE");
                if (!withZone) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Optional<String> foreignSearchPath(SqlStatement s, LintRule.ScriptContext c) {
        int at = -1;
        for (int i = 1; i < s.tokens().size(); i++) {
            Token previous = s.tokens().get(i - 1);
            if (s.tokens().get(i).is("SEARCH_PATH")
                    && (previous.is("SET") || previous.is("LOCAL") || previous.is("SESSION"))) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            return Optional.empty();
        }
        List<String> foreign = new ArrayList<>();
        for (int i = at + 1; i < s.tokens().size(); i++) {
            Token t = s.tokens().get(i);
            if (t.is("TO") || t.isSymbol("=") || t.isSymbol(",")) {
                continue;
            }
            if (!(t.isIdentifier() || t.type() == Token.Type.STRING)) {
                break;
            }
            String schema = t.type() == Token.Type.WORD ? t.text().toLowerCase(Locale.ROOT) : t.text();
            if (Set.of("AS", "LANGUAGE", "BEGIN", "RETURNS", "SECURITY", "IMMUTABLE", "STABLE", "VOLATILE")
                    .contains(t.keyword())) {
                break;
            }
            if (!c.ownedSchemas().contains(schema) && !READABLE_SCHEMAS.contains(schema) && !schema.equals("pg_temp")) {
                foreign.add(schema);
            }
        }
        return foreign.isEmpty() ? Optional.empty() : Optional.of("search_path includes " + foreign);
    }

    /** After {@code ON alias.column}: an operator means a join condition (a column), not {@code ON schema.table}. */
    private static boolean isJoinCondition(List<Token> t, int next) {
        if (next >= t.size()) {
            return false;
        }
        Token token = t.get(next);
        return (token.type() == Token.Type.SYMBOL && !token.isSymbol("(") && !token.isSymbol(";"))
                || Set.of("IS", "IN", "AND", "OR", "BETWEEN", "LIKE", "ILIKE", "NOT", "SIMILAR")
                        .contains(token.keyword());
    }

    private static Optional<String> foreignSchema(SqlStatement s, LintRule.ScriptContext c) {
        List<Token> t = s.tokens();
        boolean[] inCall = s.directlyInFunctionCall();
        for (int i = 1; i + 2 < t.size(); i++) {
            if (t.get(i).isIdentifier()
                    && t.get(i + 1).isSymbol(".")
                    && t.get(i + 2).isIdentifier()
                    && OBJECT_KEYWORDS.contains(t.get(i - 1).keyword())
                    && !(inCall[i - 1] && t.get(i - 1).is("FROM"))
                    && !(t.get(i - 1).is("ON") && isJoinCondition(t, i + 3))) {
                String schema = t.get(i).identifier();
                boolean readOnlyCatalog = READABLE_SCHEMAS.contains(schema)
                        && !(s.startsWith("CREATE") || s.startsWith("ALTER") || s.startsWith("DROP"));
                if (!c.ownedSchemas().contains(schema) && !readOnlyCatalog) {
                    return Optional.of(schema + "." + t.get(i + 2).identifier());
                }
            }
        }
        if (s.startsWith("CREATE", "SCHEMA") || s.startsWith("DROP", "SCHEMA") || s.startsWith("ALTER", "SCHEMA")) {
            int i = s.startsWith("CREATE") && s.hasSequence("IF", "NOT", "EXISTS") ? 5 : 2;
            if (i < t.size()
                    && t.get(i).isIdentifier()
                    && !c.ownedSchemas().contains(t.get(i).identifier())) {
                return Optional.of("schema " + t.get(i).identifier());
            }
        }
        return Optional.empty();
    }
}
