package com.logicore.dbp.approval.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicore.dbp.approval.dryrun.DryRunReport;
import com.logicore.dbp.events.RequestType;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything policy looks at for one request, gathered before deciding.
 *
 * @param owner the team that owns the target schema, if any
 * @param ownedSchemas every schema of the target database the requesting team owns
 * @param indexTable facts about a CREATE_INDEX's table; empty when it does not exist or the request is another type
 * @param touchedTables production context: facts of every existing table the request acts on or reads (a migration's
 *     tables, an export's tables), by schema.table
 * @param existingSchemas which of the schemas the request would create (PROVISION_SCHEMA's, RESTORE's) already exist
 * @param referenced the earlier request a ROLLBACK or RESTORE names, as policy decided it; empty when unknown
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
        Map<String, TableFacts> touchedTables,
        Set<String> existingSchemas,
        Optional<EarlierRequest> referenced,
        DryRunReport dryRun) {

    /** An earlier request as approval-service stored it. */
    public record EarlierRequest(
            String requestId,
            RequestType type,
            String team,
            String database,
            String schema,
            String status,
            JsonNode payload) {}
}
