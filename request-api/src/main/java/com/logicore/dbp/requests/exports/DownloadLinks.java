package com.logicore.dbp.requests.exports;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, expiring download links: {@code /downloads/{request}/{file}?expires=…&signature=…}, where the signature is
 * an HMAC-SHA256 over request, file and expiry. The link itself is the permission, so it is short-lived and handed out
 * only to the requesting team.
 */
@ApplicationScoped
public class DownloadLinks {

    /** A link and when it stops working. */
    public record Link(String path, Instant expiresAt) {}

    private final DownloadConfig config;
    private final Clock clock;

    @jakarta.inject.Inject
    public DownloadLinks(DownloadConfig config) {
        this(config, Clock.systemUTC());
    }

    DownloadLinks(DownloadConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public boolean enabled() {
        return config.signingKey().isPresent();
    }

    public Link sign(String requestId, String file) {
        Instant expires = clock.instant().plus(config.linkTtl()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String signature = signature(requestId, file, expires.getEpochSecond());
        return new Link(
                "/downloads/" + requestId + "/" + file + "?expires=" + expires.getEpochSecond() + "&signature="
                        + signature,
                expires);
    }

    /** Why a presented link is not valid, or empty when it is. */
    public Optional<String> refusal(String requestId, String file, long expires, String signature) {
        if (signature == null
                || !MessageDigest.isEqual(
                        signature.getBytes(StandardCharsets.US_ASCII),
                        signature(requestId, file, expires).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.of("the link's signature does not match");
        }
        if (clock.instant().getEpochSecond() > expires) {
            return Optional.of("the link expired at " + Instant.ofEpochSecond(expires) + "; ask for a new one");
        }
        return Optional.empty();
    }

    private String signature(String requestId, String file, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(
                    config.signingKey().orElseThrow().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((requestId + "\n" + file + "\n" + expires).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
