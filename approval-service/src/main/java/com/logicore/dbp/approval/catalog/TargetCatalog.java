package com.logicore.dbp.approval.catalog;

import com.logicore.dbp.approval.policy.TableFacts;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** Reads the target database's catalog (read only): does a table exist, its columns, its estimated size. */
@ApplicationScoped
public class TargetCatalog {

    private final Pool target;

    public TargetCatalog(@ReactiveDataSource("target") Pool target) {
        this.target = target;
    }

    /** Facts of each {@code schema.table} that exists; missing tables are left out. */
    public Uni<java.util.Map<String, TableFacts>> tables(java.util.Collection<String> qualifiedNames) {
        if (qualifiedNames.isEmpty()) {
            return Uni.createFrom().item(java.util.Map.of());
        }
        java.util.List<Uni<java.util.Map.Entry<String, Optional<TableFacts>>>> lookups = qualifiedNames.stream()
                .map(name -> table(name.substring(0, name.indexOf('.')), name.substring(name.indexOf('.') + 1))
                        .map(facts -> java.util.Map.entry(name, facts)))
                .toList();
        return Uni.join().all(lookups).andFailFast().map(entries -> {
            java.util.Map<String, TableFacts> found = new java.util.LinkedHashMap<>();
            entries.forEach(e -> e.getValue().ifPresent(facts -> found.put(e.getKey(), facts)));
            return found;
        });
    }

    public Uni<Optional<TableFacts>> table(String schema, String table) {
        return target.preparedQuery(
                        """
                        SELECT c.reltuples::bigint AS estimated_rows, pg_total_relation_size(c.oid) AS size_bytes,
                               a.attname AS column_name
                          FROM pg_class c
                          JOIN pg_namespace n ON n.oid = c.relnamespace
                          LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                         WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p', 'm')""")
                .execute(Tuple.of(schema, table))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    long estimate = -1;
                    long size = 0;
                    Set<String> columns = new HashSet<>();
                    for (Row row : rows) {
                        estimate = row.getLong("estimated_rows");
                        size = row.getLong("size_bytes");
                        if (row.getString("column_name") != null) {
                            columns.add(row.getString("column_name"));
                        }
                    }
                    return Optional.of(new TableFacts(estimate, size, columns));
                });
    }

    /** Facts of every table of a schema (a backup's contents). */
    public Uni<java.util.Map<String, TableFacts>> tablesOf(String schema) {
        return target.preparedQuery(
                        """
                        SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                         WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'm') ORDER BY c.relname""")
                .execute(Tuple.of(schema))
                .flatMap(rows -> {
                    java.util.List<String> names = new java.util.ArrayList<>();
                    rows.forEach(row -> names.add(schema + "." + row.getString(0)));
                    return tables(names);
                });
    }

    /** Which of these schemas exist in the target database. */
    public Uni<Set<String>> existingSchemas(Set<String> schemas) {
        if (schemas.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return target.preparedQuery("SELECT nspname FROM pg_namespace WHERE nspname = ANY($1)")
                .execute(Tuple.of(schemas.toArray(String[]::new)))
                .map(rows -> {
                    Set<String> found = new HashSet<>();
                    rows.forEach(row -> found.add(row.getString(0)));
                    return found;
                });
    }
}
