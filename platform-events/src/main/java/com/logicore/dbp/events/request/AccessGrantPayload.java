package com.logicore.dbp.events.request;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Time-boxed read-only access to the replica for a person or a service.
 *
 * @param unmasked read the raw PII columns instead of the masking views; needs a data owner's approval
 */
public record AccessGrantPayload(
        @NotNull @Pattern(regexp = "[a-z][a-z0-9._-]{1,62}", message = "must be a user or service name") String grantee,
        @NotNull GranteeKind granteeKind,
        @Min(1) @Max(720) int durationHours,
        @NotBlank @Size(max = 1_000) String reason,
        boolean unmasked)
        implements RequestPayload {

    /** Who gets the access. */
    public enum GranteeKind {
        PERSON,
        SERVICE
    }
}
