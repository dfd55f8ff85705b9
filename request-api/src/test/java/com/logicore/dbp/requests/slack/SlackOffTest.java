package com.logicore.dbp.requests.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.logicore.dbp.requests.rest.problem.ProblemException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SlackOffTest {

    /** Settings as they are when DBP_SLACK_BOT_TOKEN / DBP_SLACK_SIGNING_SECRET are not set. */
    private static SlackSettings settings(String token, String secret) {
        return new SlackSettings() {
            public Optional<String> botToken() {
                return Optional.ofNullable(token);
            }

            public Optional<String> signingSecret() {
                return Optional.ofNullable(secret);
            }

            public Optional<String> approversChannel() {
                return Optional.empty();
            }

            public Optional<String> opsChannel() {
                return Optional.empty();
            }

            public Optional<String> apiUrl() {
                return Optional.empty();
            }

            public String defaultDatabase() {
                return "logicore";
            }

            public long maxClockSkewSeconds() {
                return 300;
            }

            public Duration dispatchEvery() {
                return Duration.ofSeconds(2);
            }

            public Duration maxRetryDelay() {
                return Duration.ofMinutes(5);
            }

            public Duration giveUpAfter() {
                return Duration.ofHours(6);
            }
        };
    }

    @Test
    void slackIsOnOnlyWithBothATokenAndASigningSecret() {
        assertThat(settings(null, null).enabled()).isFalse();
        assertThat(settings("xoxb-1", null).enabled()).isFalse();
        assertThat(settings(null, "secret").enabled()).isFalse();
        assertThat(settings("xoxb-1", " ").enabled()).isFalse();
        assertThat(settings("xoxb-1", "secret").enabled()).isTrue();
    }

    @Test
    void withSlackOffTheEndpointsAnswer404SayingHowToTurnItOn() {
        var resource = new SlackResource(settings(null, null), null, null, null);
        assertThatThrownBy(() -> resource.command("1764108000", "v0=abc", "text=help"))
                .isInstanceOf(ProblemException.class)
                .satisfies(e -> {
                    var problem = ((ProblemException) e).problem();
                    assertThat(problem.status()).isEqualTo(404);
                    assertThat(problem.detail()).contains("DBP_SLACK_BOT_TOKEN");
                });
    }
}
