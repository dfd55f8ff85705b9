package com.logicore.dbp.events.request;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * An index on one of the team's tables. The platform writes the SQL ({@code CREATE [UNIQUE] INDEX CONCURRENTLY}).
 *
 * @param name optional; a name derived from table and columns when absent
 * @param method btree (default), hash, gin, gist or brin
 * @param predicate optional WHERE clause of a partial index, without the keyword
 */
public record CreateIndexPayload(
        @NotNull @Pattern(regexp = Limits.IDENTIFIER, message = Limits.IDENTIFIER_MESSAGE) String table,
        @NotEmpty @Size(max = 32)
                List<@NotNull @Pattern(regexp = Limits.IDENTIFIER, message = Limits.IDENTIFIER_MESSAGE) String> columns,
        boolean unique,
        @Pattern(regexp = "btree|hash|gin|gist|brin", message = "must be one of btree, hash, gin, gist, brin")
                String method,
        @Size(max = 4_000) String predicate,
        @Pattern(regexp = Limits.IDENTIFIER, message = Limits.IDENTIFIER_MESSAGE) String name)
        implements RequestPayload {

    @JsonIgnore
    public String methodOrDefault() {
        return method == null ? "btree" : method;
    }
}
