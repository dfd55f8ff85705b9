package com.logicore.dbp.migration.schema;

import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * Hands Flyway a request's migrations as {@code V<version>__<description>.sql} resources held in memory, so nothing
 * from the worker's own classpath or disk is ever mistaken for a team migration.
 */
public final class InMemoryMigrations implements ResourceProvider {

    private final List<Script> scripts;

    public InMemoryMigrations(List<MigrationSource> migrations) {
        this.scripts = migrations.stream()
                .map(m -> new Script(fileName(m), TransactionWrapper.unwrap(m.sql())))
                .toList();
    }

    /** The script name Flyway parses version and description from; the description keeps only safe characters. */
    static String fileName(MigrationSource migration) {
        String description =
                migration.description().replaceAll("[^A-Za-z0-9]+", "_").replaceAll("^_+|_+$", "");
        return "V" + migration.version() + "__"
                + (description.isEmpty() ? "migration" : description.toLowerCase(Locale.ROOT)) + ".sql";
    }

    @Override
    public LoadableResource getResource(String name) {
        return scripts.stream().filter(s -> s.name.equals(name)).findFirst().orElse(null);
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
        List<LoadableResource> found = new ArrayList<>();
        for (Script script : scripts) {
            if (script.name.startsWith(prefix) && endsWithAny(script.name, suffixes)) {
                found.add(script);
            }
        }
        return found;
    }

    private static boolean endsWithAny(String name, String[] suffixes) {
        for (String suffix : suffixes) {
            if (name.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    private static final class Script extends LoadableResource {
        private final String name;
        private final String sql;

        Script(String name, String sql) {
            this.name = name;
            this.sql = sql;
        }

        @Override
        public Reader read() {
            return new StringReader(sql);
        }

        @Override
        public String getAbsolutePath() {
            return name;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return name;
        }

        @Override
        public String getFilename() {
            return name;
        }

        @Override
        public String getRelativePath() {
            return name;
        }
    }
}
