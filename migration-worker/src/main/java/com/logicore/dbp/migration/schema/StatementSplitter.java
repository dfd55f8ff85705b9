package com.logicore.dbp.migration.schema;

import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.configuration.ClassicConfiguration;
import org.flywaydb.core.api.resource.LoadableResource;
import org.flywaydb.core.internal.parser.ParsingContext;
import org.flywaydb.core.internal.sqlscript.SqlStatement;
import org.flywaydb.database.postgresql.PostgreSQLParser;

/**
 * Splits a script into statements exactly as Flyway will when it runs it (Flyway's own PostgreSQL parser: dollar
 * quotes, comments, COPY, CONCURRENTLY), so "statement i of n" means the same thing in progress, errors and undo runs.
 */
public final class StatementSplitter {

    /** One statement and whether PostgreSQL lets it run inside a transaction block. */
    public record Statement(String sql, int line, boolean transactional) {}

    private StatementSplitter() {}

    public static List<Statement> split(String script) {
        ClassicConfiguration configuration = new ClassicConfiguration();
        configuration.setPlaceholderReplacement(false);
        var parser = new PostgreSQLParser(configuration, new ParsingContext());
        List<Statement> statements = new ArrayList<>();
        try (var iterator = parser.parse(new Script(TransactionWrapper.unwrap(script)))) {
            while (iterator.hasNext()) {
                SqlStatement statement = iterator.next();
                statements.add(new Statement(
                        statement.getSql(), statement.getLineNumber(), statement.canExecuteInTransaction()));
            }
        }
        return statements;
    }

    private static final class Script extends LoadableResource {
        private final String sql;

        Script(String sql) {
            this.sql = sql;
        }

        @Override
        public Reader read() {
            return new StringReader(sql);
        }

        @Override
        public String getAbsolutePath() {
            return "script.sql";
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return "script.sql";
        }

        @Override
        public String getFilename() {
            return "script.sql";
        }

        @Override
        public String getRelativePath() {
            return "script.sql";
        }
    }
}
