package com.logicore.dbp.approval.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Locale;

/**
 * How one personal-data column is masked in exports and access grants. Written {@code phone: partial} or
 * {@code phone: {method: partial, keep: 2}} in the policy file.
 *
 * @param keep for PARTIAL: how many trailing characters stay readable
 */
public record Masking(Method method, Integer keep) {

    /** The masking functions the export worker's views apply. */
    public enum Method {
        /** The value becomes {@code ***}. */
        REDACT,
        /** Only the last {@code keep} characters stay: {@code +49 *** *** 12}. */
        PARTIAL,
        /** Salted SHA-256: equal values stay equal (joinable), but are not readable. */
        HASH
    }

    @JsonCreator
    public Masking {}

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Masking of(String method) {
        try {
            return new Masking(Method.valueOf(method.strip().toUpperCase(Locale.ROOT)), null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(method + " is not a masking method; use redact, partial or hash");
        }
    }

    /** Characters PARTIAL keeps (2 when not said). */
    public int keptCharacters() {
        return keep == null ? 2 : keep;
    }
}
