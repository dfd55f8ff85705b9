package com.logicore.dbp.requests.slack;

import com.slack.api.app_backend.SlackSignature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Verifies that a request comes from Slack: {@code X-Slack-Signature} must be Slack's v0 HMAC of the raw body, and
 * {@code X-Slack-Request-Timestamp} within the allowed skew of now in either direction. Wraps the SDK's generator
 * because its verifier compares with {@code String.equals} and accepts future timestamps.
 */
public final class SlackSignatureCheck {

    private final SlackSignature.Generator generator;
    private final long maxSkewSeconds;

    public SlackSignatureCheck(String signingSecret, long maxSkewSeconds) {
        this.generator = new SlackSignature.Generator(signingSecret);
        this.maxSkewSeconds = maxSkewSeconds;
    }

    /** Why the request is refused, or empty when it is genuine. */
    public Optional<String> refusal(String timestamp, String signature, String rawBody, long nowEpochSeconds) {
        if (timestamp == null || signature == null || timestamp.isBlank() || signature.isBlank()) {
            return Optional.of("not signed: X-Slack-Request-Timestamp and X-Slack-Signature are required");
        }
        long ts;
        try {
            ts = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return Optional.of("X-Slack-Request-Timestamp is not a Unix time");
        }
        if (Math.abs(nowEpochSeconds - ts) > maxSkewSeconds) {
            return Optional.of("stale: the request timestamp is more than " + maxSkewSeconds + " s away from now");
        }
        String expected = generator.generate(timestamp.trim(), rawBody == null ? "" : rawBody);
        boolean same = MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), signature.trim().getBytes(StandardCharsets.UTF_8));
        return same ? Optional.empty() : Optional.of("the signature does not match the body");
    }
}
