package com.logicore.dbp.events.request;

import jakarta.validation.constraints.Size;

/** A pg_dump (custom format) of the target schema. */
public record BackupPayload(@Size(max = 1_000) String note) implements RequestPayload {}
