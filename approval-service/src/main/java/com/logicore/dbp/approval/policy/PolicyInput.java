package com.logicore.dbp.approval.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicore.dbp.events.RequestType;
import java.util.Optional;
import java.util.Set;

/**
 * Everything policy looks at for one request, gathered before deciding.
 *
 * @param owner the team that owns the target schema, if any
 * @param ownedSchemas every schema of the target database the requesting team owns
 * @param indexTable facts about a CREATE_INDEX's table; empty when it does not exist or the request is another type
 * @param touchedTables production context: facts of every existing table a migration acts on, by schema.table
 * @param dryRun what PostgreSQL did with the migration in a shadow schema; null when not a SCHEMA_CHANGE
 */
public record PolicyInput(
        RequestType type,
        String team,
        String database,
        String schema,
        Optional<String> owner,
        Set<String> ownedSchemas,
        JsonNode payload,
        Optional<TableFacts> indexTable,
        java.util.Map<String, TableFacts> touchedTables,
        com.logicore.dbp.approval.dryrun.DryRunReport dryRun) {}
