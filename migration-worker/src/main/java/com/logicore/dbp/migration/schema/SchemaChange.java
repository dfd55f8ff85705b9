package com.logicore.dbp.migration.schema;

import java.util.List;

/** A request's migrations for one schema, with the limits and the out-of-order permission policy decided on. */
public record SchemaChange(
        String requestId,
        String schema,
        List<MigrationSource> migrations,
        SessionLimits limits,
        boolean allowOutOfOrder) {}
