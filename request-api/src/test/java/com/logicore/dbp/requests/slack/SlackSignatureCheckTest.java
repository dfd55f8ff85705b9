package com.logicore.dbp.requests.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.logicore.dbp.testkit.slack.SlackRequestSigner;
import org.junit.jupiter.api.Test;

class SlackSignatureCheckTest {

    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final long NOW = 1_764_108_000L;
    private static final String BODY =
            "token=x&team_id=T0LOGICORE&user_id=U0SAM&command=%2Fdb&text=index+routing.stops+%28eta%29";

    private final SlackSignatureCheck check = new SlackSignatureCheck(SECRET, 300);

    @Test
    void acceptsABodySignedAsSlackSignsIt() {
        String signature = SlackRequestSigner.sign(SECRET, NOW - 10, BODY);
        assertThat(check.refusal(String.valueOf(NOW - 10), signature, BODY, NOW))
                .isEmpty();
    }

    @Test
    void refusesATamperedBodyAnotherSecretAndNoSignature() {
        String signature = SlackRequestSigner.sign(SECRET, NOW, BODY);
        assertThat(check.refusal(String.valueOf(NOW), signature, BODY.replace("eta", "seq"), NOW))
                .get()
                .asString()
                .contains("does not match");
        assertThat(check.refusal(String.valueOf(NOW), SlackRequestSigner.sign("other", NOW, BODY), BODY, NOW))
                .isPresent();
        assertThat(check.refusal(null, null, BODY, NOW)).get().asString().contains("not signed");
        assertThat(check.refusal("yesterday", signature, BODY, NOW)).isPresent();
    }

    @Test
    void refusesTimestampsMoreThanFiveMinutesAwayInEitherDirection() {
        for (long ts : new long[] {NOW - 301, NOW + 301}) {
            String signature = SlackRequestSigner.sign(SECRET, ts, BODY);
            assertThat(check.refusal(String.valueOf(ts), signature, BODY, NOW))
                    .get()
                    .asString()
                    .contains("stale");
        }
        long edge = NOW + 300;
        assertThat(check.refusal(String.valueOf(edge), SlackRequestSigner.sign(SECRET, edge, BODY), BODY, NOW))
                .isEmpty();
    }
}
