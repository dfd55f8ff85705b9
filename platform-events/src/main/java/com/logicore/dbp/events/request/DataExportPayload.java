package com.logicore.dbp.events.request;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * An export of tables (or one SELECT) as a file, read through masking views.
 *
 * @param purpose why the data is needed; its first word picks the row limit in the policy (e.g. "analytics: …")
 * @param unmasked export the raw PII columns instead of their masked values; needs a data owner's approval
 */
public record DataExportPayload(
        @Size(max = 20)
                List<@NotNull @Pattern(regexp = Limits.IDENTIFIER, message = Limits.IDENTIFIER_MESSAGE) String> tables,
        @Size(max = Limits.MAX_SQL_CHARS) String query,
        @Size(max = 200)
                List<@NotNull @Pattern(regexp = Limits.IDENTIFIER, message = Limits.IDENTIFIER_MESSAGE) String> columns,
        @Size(max = 4_000) String filter,
        @NotNull Format format,
        Compression compression,
        @NotBlank @Size(max = 1_000) String purpose,
        boolean unmasked)
        implements RequestPayload {

    /** File format of the export. */
    public enum Format {
        CSV,
        JSONL,
        PARQUET
    }

    /** Compression of the export file. */
    public enum Compression {
        NONE,
        GZIP,
        ZSTD
    }

    @JsonIgnore
    @AssertTrue(message = "give either tables or a query, not both and not neither")
    public boolean isTablesXorQuery() {
        boolean hasTables = tables != null && !tables.isEmpty();
        boolean hasQuery = query != null && !query.isBlank();
        return hasTables != hasQuery;
    }
}
