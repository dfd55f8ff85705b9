package com.logicore.dbp.events.request;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** A new schema for a team: schema, owner role, grants, Flyway baseline. */
public record ProvisionSchemaPayload(
        @NotNull @Pattern(regexp = Limits.IDENTIFIER, message = Limits.IDENTIFIER_MESSAGE) String schema,
        @NotNull @Pattern(regexp = "[a-z][a-z0-9-]{1,39}", message = "must be a team id") String owningTeam)
        implements RequestPayload {}
