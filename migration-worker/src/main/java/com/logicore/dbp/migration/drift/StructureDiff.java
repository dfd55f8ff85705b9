package com.logicore.dbp.migration.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What changed in a schema since the platform last changed it, in plain words a team can act on ("index
 * routing.stops_eta_idx created outside the platform"). A dropped or created table is one difference, not one per
 * column, index and constraint it took with it.
 */
public final class StructureDiff {

    private static final String OUTSIDE = " outside the platform";

    private StructureDiff() {}

    /** The differences between the snapshot and the live schema (empty when there is none), in a stable order. */
    public static List<String> between(String schema, SchemaStructure snapshot, Optional<SchemaStructure> live) {
        if (live.isEmpty()) {
            return List.of("schema " + schema + " dropped" + OUTSIDE);
        }
        SchemaStructure now = live.get();
        List<String> differences = new ArrayList<>();
        Set<String> goneOrNew = new TreeSet<>();
        for (String table : union(snapshot.tables().keySet(), now.tables().keySet())) {
            var before = snapshot.tables().get(table);
            var after = now.tables().get(table);
            String name = schema + "." + table;
            if (after == null) {
                differences.add(before.kind() + " " + name + " dropped" + OUTSIDE);
                goneOrNew.add(table);
            } else if (before == null) {
                differences.add(after.kind() + " " + name + " created" + OUTSIDE);
                goneOrNew.add(table);
            } else {
                columns(name, before.columns(), after.columns(), differences);
            }
        }
        for (String index : union(snapshot.indexes().keySet(), now.indexes().keySet())) {
            var before = snapshot.indexes().get(index);
            var after = now.indexes().get(index);
            String name = "index " + schema + "." + index;
            if (goneOrNew.contains((after == null ? before : after).table())) {
                continue;
            }
            if (after == null) {
                differences.add(name + " dropped" + OUTSIDE);
            } else if (before == null) {
                differences.add(name + " created" + OUTSIDE);
            } else if (!before.definition().equals(after.definition())) {
                differences.add(name + " changed from '" + before.definition() + "' to '" + after.definition() + "'");
            }
        }
        for (String key :
                union(snapshot.constraints().keySet(), now.constraints().keySet())) {
            var before = snapshot.constraints().get(key);
            var after = now.constraints().get(key);
            var any = after == null ? before : after;
            if (goneOrNew.contains(any.table())) {
                continue;
            }
            String name = "constraint " + any.name() + " on " + schema + "." + any.table();
            if (after == null) {
                differences.add(name + " dropped" + OUTSIDE);
            } else if (before == null) {
                differences.add(name + " added" + OUTSIDE + ": " + after.definition());
            } else if (!before.definition().equals(after.definition())) {
                differences.add(name + " changed from " + before.definition() + " to " + after.definition());
            }
        }
        return differences;
    }

    private static void columns(
            String table,
            Map<String, SchemaStructure.Column> before,
            Map<String, SchemaStructure.Column> after,
            List<String> differences) {
        for (String column : union(before.keySet(), after.keySet())) {
            var was = before.get(column);
            var is = after.get(column);
            String name = "column " + table + "." + column;
            if (is == null) {
                differences.add(name + " dropped" + OUTSIDE);
            } else if (was == null) {
                differences.add(name + " added" + OUTSIDE + " (" + is.type() + (is.notNull() ? " NOT NULL" : "") + ")");
            } else {
                if (!was.type().equals(is.type())) {
                    differences.add(name + " type changed from " + was.type() + " to " + is.type());
                }
                if (was.notNull() != is.notNull()) {
                    differences.add(name + (is.notNull() ? " set NOT NULL" : " NOT NULL dropped") + OUTSIDE);
                }
                if (!Objects.equals(was.defaultValue(), is.defaultValue())) {
                    differences.add(name + " default changed from " + orNone(was.defaultValue()) + " to "
                            + orNone(is.defaultValue()));
                }
            }
        }
    }

    private static String orNone(String expression) {
        return expression == null ? "none" : expression;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
