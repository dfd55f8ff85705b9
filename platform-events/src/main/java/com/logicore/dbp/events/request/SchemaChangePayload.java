package com.logicore.dbp.events.request;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Ordered, versioned migrations for the team's schema (plain SQL; Alembic users submit `alembic upgrade --sql`). */
public record SchemaChangePayload(@NotEmpty @Size(max = Limits.MAX_MIGRATIONS) List<@Valid Migration> migrations)
        implements RequestPayload {

    /** One migration; {@code undoSql} makes it rollback-able. */
    public record Migration(
            @NotBlank @Pattern(regexp = "[0-9]+(\\.[0-9]+)*", message = "must be a version like 7 or 2.1.3")
                    String version,
            @NotBlank @Size(max = 200) String description,
            @NotBlank @Size(max = Limits.MAX_SQL_CHARS) String sql,
            @Size(max = Limits.MAX_SQL_CHARS) String undoSql) {}
}
