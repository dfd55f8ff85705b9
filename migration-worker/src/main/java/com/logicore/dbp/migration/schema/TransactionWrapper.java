package com.logicore.dbp.migration.schema;

import java.util.regex.Pattern;

/**
 * {@code alembic upgrade --sql} wraps its output in {@code BEGIN; … COMMIT;}. The worker owns the transaction (Flyway
 * runs each migration in one, together with its history row), so an outer BEGIN/COMMIT pair is removed: left in, the
 * COMMIT would end Flyway's transaction early and break the migration's atomicity.
 */
final class TransactionWrapper {

    private static final Pattern LEADING_BEGIN =
            Pattern.compile("\\A(\\s*(--[^\\n]*\\n)*)\\s*(BEGIN|START\\s+TRANSACTION)\\s*;", Pattern.CASE_INSENSITIVE);
    private static final Pattern TRAILING_COMMIT =
            Pattern.compile("COMMIT\\s*;\\s*(--[^\\n]*\\s*)*\\z", Pattern.CASE_INSENSITIVE);

    private TransactionWrapper() {}

    /** The script without its outer BEGIN/COMMIT when it has both; otherwise unchanged. */
    static String unwrap(String sql) {
        var begin = LEADING_BEGIN.matcher(sql);
        var commit = TRAILING_COMMIT.matcher(sql);
        if (!begin.find() || !commit.find() || commit.start() < begin.end()) {
            return sql;
        }
        return begin.group(1) + sql.substring(begin.end(), commit.start()).strip() + "\n";
    }
}
