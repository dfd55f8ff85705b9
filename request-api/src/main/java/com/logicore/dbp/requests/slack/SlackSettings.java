package com.logicore.dbp.requests.slack;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The Slack bot's configuration, from the environment ({@code DBP_SLACK_BOT_TOKEN}, {@code DBP_SLACK_SIGNING_SECRET},
 * {@code DBP_SLACK_APPROVERS_CHANNEL}, {@code DBP_SLACK_OPS_CHANNEL}). Without a bot token and a signing secret the bot
 * is off and {@code /slack/*} answers 404.
 */
@ConfigMapping(prefix = "dbp.slack")
public interface SlackSettings {

    /** The bot user OAuth token ({@code xoxb-…}). Never logged. */
    Optional<String> botToken();

    /** The app's signing secret, to verify that requests come from Slack. Never logged. */
    Optional<String> signingSecret();

    /** Channel id where approval messages are posted, e.g. {@code C0123ABCD}. */
    Optional<String> approversChannel();

    /** Channel id for high-severity health findings. */
    Optional<String> opsChannel();

    /** Web API base, e.g. {@code http://127.0.0.1:9999/api/} for a local fake; Slack's own when absent. */
    Optional<String> apiUrl();

    /** Target database of requests made with slash commands. */
    @WithDefault("logicore")
    String defaultDatabase();

    /** How far a request's timestamp may be from now, either way, before it counts as stale or replayed. */
    @WithDefault("300")
    long maxClockSkewSeconds();

    /** How often queued notifications are retried (new ones go out at once). */
    @WithDefault("2s")
    Duration dispatchEvery();

    /** Longest wait between two attempts at one notification while Slack fails. */
    @WithDefault("5m")
    Duration maxRetryDelay();

    /** A notification Slack would not take for this long is given up (logged and counted), so it blocks nothing. */
    @WithDefault("6h")
    Duration giveUpAfter();

    default boolean enabled() {
        return botToken().filter(t -> !t.isBlank()).isPresent()
                && signingSecret().filter(s -> !s.isBlank()).isPresent();
    }
}
