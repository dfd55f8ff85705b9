package com.logicore.dbp.events.request;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A SELECT to review: plan, findings and index advice. */
public record QueryReviewPayload(@NotBlank @Size(max = Limits.MAX_SQL_CHARS) String sql) implements RequestPayload {}
