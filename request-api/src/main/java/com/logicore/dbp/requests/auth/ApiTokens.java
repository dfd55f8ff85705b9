package com.logicore.dbp.requests.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Makes and hashes API tokens. Tokens carry 256 random bits, so a plain SHA-256 is enough to store them: there is
 * nothing to brute-force (unlike passwords, which would need a slow hash).
 */
public final class ApiTokens {

    /** Recognisable in logs and secret scanners. */
    public static final String PREFIX = "dbp_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiTokens() {}

    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
