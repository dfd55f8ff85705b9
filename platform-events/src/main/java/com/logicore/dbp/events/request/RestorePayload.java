package com.logicore.dbp.events.request;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** Restore a backup made by an earlier BACKUP request into a new schema. */
public record RestorePayload(
        @NotBlank String backupRequestId,
        @NotNull @Pattern(regexp = Limits.IDENTIFIER, message = Limits.IDENTIFIER_MESSAGE) String intoSchema)
        implements RequestPayload {}
