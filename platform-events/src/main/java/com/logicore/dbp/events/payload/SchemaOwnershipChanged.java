package com.logicore.dbp.events.payload;

/**
 * An admin assigned a target schema to a team ({@code team} set) or released it ({@code team} null). Travels on the
 * compacted {@code dbp.ownership} topic keyed by {@code database/schema}, so any service can rebuild the current map.
 */
public record SchemaOwnershipChanged(String database, String schema, String team) implements EventPayload {

    public String key() {
        return database + "/" + schema;
    }
}
