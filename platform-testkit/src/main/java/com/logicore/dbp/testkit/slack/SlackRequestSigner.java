package com.logicore.dbp.testkit.slack;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a request body exactly as Slack does (v0 scheme): {@code v0=hex(HMAC-SHA256(secret, "v0:" + ts + ":" +
 * body))}, sent as {@code X-Slack-Signature} with {@code X-Slack-Request-Timestamp: ts}. Written from Slack's
 * documentation on purpose, independent of the SDK the service uses to verify.
 */
public final class SlackRequestSigner {

    private SlackRequestSigner() {}

    public static String sign(String signingSecret, long timestampSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal(("v0:" + timestampSeconds + ":" + body).getBytes(StandardCharsets.UTF_8));
            return "v0=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 missing from the JDK", e);
        }
    }
}
