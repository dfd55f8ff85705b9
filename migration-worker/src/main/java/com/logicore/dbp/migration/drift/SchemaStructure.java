package com.logicore.dbp.migration.drift;

import java.util.Map;
import java.util.SortedMap;

/**
 * The structure of one schema as the catalog describes it: tables with their columns, indexes and constraints. Keys
 * are sorted so two readings of an unchanged schema are equal and serialise to the same JSON.
 *
 * @param tables by table name (views and materialized views too, with their kind)
 * @param indexes by index name (index names are unique within a schema)
 * @param constraints by {@code table.constraint} (constraint names are unique per table only)
 */
public record SchemaStructure(
        SortedMap<String, Table> tables, SortedMap<String, Index> indexes, SortedMap<String, Constraint> constraints) {

    /** A relation and its columns in column order. */
    public record Table(String kind, Map<String, Column> columns) {}

    /**
     * @param type as {@code format_type} prints it, e.g. {@code timestamp with time zone}
     * @param defaultValue the default expression, {@code null} when there is none
     */
    public record Column(String type, boolean notNull, String defaultValue) {}

    /** @param definition as {@code pg_get_indexdef} prints it */
    public record Index(String table, String definition) {}

    /** @param definition as {@code pg_get_constraintdef} prints it */
    public record Constraint(String table, String name, String definition) {}
}
