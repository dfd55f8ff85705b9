package com.logicore.dbp.runtime.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Compares secrets in constant time, so response timing tells nothing about how much of a token matched. The one
 * place every service checks a bearer token against a configured one.
 */
public final class BearerTokens {

    private static final String PREFIX = "Bearer ";

    private BearerTokens() {}

    /** True when {@code authorizationHeader} is {@code Bearer <expected>}; never true when nothing is expected. */
    public static boolean matches(String authorizationHeader, Optional<String> expected) {
        return expected.isPresent()
                && authorizationHeader != null
                && authorizationHeader.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                && sameSecret(authorizationHeader.substring(PREFIX.length()).trim(), expected.get());
    }

    public static boolean sameSecret(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
