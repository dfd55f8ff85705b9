package com.logicore.dbp.migration.index;

import com.logicore.dbp.events.request.CreateIndexPayload;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SQL the platform writes for a CREATE_INDEX request: always CONCURRENTLY (writes continue while it builds),
 * identifiers quoted, and a deterministic name when none is given, so a replayed job finds the index it built.
 */
public record IndexStatement(String schema, String table, String name, String sql) {

    private static final int MAX_IDENTIFIER = 63;

    public static IndexStatement of(String schema, CreateIndexPayload index) {
        String name = index.name() != null ? index.name() : generatedName(index);
        StringBuilder sql = new StringBuilder("CREATE ");
        if (index.unique()) {
            sql.append("UNIQUE ");
        }
        sql.append("INDEX CONCURRENTLY ")
                .append(quote(name))
                .append(" ON ")
                .append(quote(schema))
                .append('.')
                .append(quote(index.table()))
                .append(" USING ")
                .append(index.methodOrDefault())
                .append(" (");
        for (int i = 0; i < index.columns().size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(quote(index.columns().get(i)));
        }
        sql.append(')');
        if (index.predicate() != null && !index.predicate().isBlank()) {
            // Runs as the team's role in a single-statement prepared call: the database rejects anything smuggled in.
            sql.append(" WHERE ").append(index.predicate());
        }
        return new IndexStatement(schema, index.table(), name, sql.toString());
    }

    /** {@code <table>_<col>_<col>_idx}; shortened with a hash when over PostgreSQL's 63-byte limit. */
    static String generatedName(CreateIndexPayload index) {
        String full = index.table() + "_" + String.join("_", index.columns()) + (index.unique() ? "_key" : "_idx");
        if (full.length() <= MAX_IDENTIFIER) {
            return full;
        }
        String hash = sha256(full).substring(0, 8);
        return full.substring(0, MAX_IDENTIFIER - 9) + "_" + hash;
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
