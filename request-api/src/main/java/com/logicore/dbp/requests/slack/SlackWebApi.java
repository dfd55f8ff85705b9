package com.logicore.dbp.requests.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.app_backend.interactive_components.ActionResponseSender;
import com.slack.api.app_backend.interactive_components.response.ActionResponse;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.view.View;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The bot's calls to Slack (Web API and response_url), through the official SDK. Slack's client blocks, so every call
 * runs on a worker thread and hands its result back on the caller's Vert.x context (where the database session is).
 */
@ApplicationScoped
public class SlackWebApi {

    private final SlackSettings settings;
    private final Slack slack;

    public SlackWebApi(SlackSettings settings) {
        this.settings = settings;
        SlackConfig config = new SlackConfig();
        settings.apiUrl().ifPresent(config::setMethodsEndpointUrlPrefix);
        config.setPrettyResponseLoggingEnabled(false);
        this.slack = Slack.getInstance(config);
    }

    /** Posts a message; answers its {@code ts}. */
    public Uni<String> post(String channel, String threadTs, String text, List<LayoutBlock> blocks) {
        return blocking(() -> check("chat.postMessage", methods().chatPostMessage(r -> r.channel(channel)
                        .threadTs(threadTs)
                        .text(text)
                        .blocks(blocks)
                        .unfurlLinks(false))))
                .map(response -> response.getTs());
    }

    public Uni<Void> update(String channel, String ts, String text, List<LayoutBlock> blocks) {
        return blocking(() -> check("chat.update", methods().chatUpdate(r -> r.channel(channel)
                        .ts(ts)
                        .text(text)
                        .blocks(blocks))))
                .replaceWithVoid();
    }

    public Uni<Void> openView(String triggerId, View view) {
        return blocking(() -> check("views.open", methods().viewsOpen(r -> r.triggerId(triggerId)
                        .view(view))))
                .replaceWithVoid();
    }

    /** Replaces an open modal's content (e.g. the type picker by the form of the chosen type). */
    public Uni<Void> updateView(String viewId, String hash, View view) {
        return blocking(() -> check(
                        "views.update",
                        methods().viewsUpdate(r -> r.viewId(viewId).hash(hash).view(view))))
                .replaceWithVoid();
    }

    /** Answers through a {@code response_url}: ephemeral to the user unless {@code inChannel}. */
    public Uni<Void> respond(String responseUrl, String text, List<LayoutBlock> blocks) {
        if (responseUrl == null || responseUrl.isBlank()) {
            return Uni.createFrom().voidItem();
        }
        ActionResponse response = ActionResponse.builder()
                .responseType("ephemeral")
                .replaceOriginal(false)
                .text(text)
                .blocks(blocks)
                .build();
        return blocking(() -> {
                    var answer = new ActionResponseSender(slack).send(responseUrl, response);
                    if (answer.getCode() >= 300) {
                        throw new SlackCallFailed("response_url answered " + answer.getCode());
                    }
                    return answer;
                })
                .replaceWithVoid();
    }

    private MethodsClient methods() {
        return slack.methods(settings.botToken().orElseThrow());
    }

    /** Slack errors that no retry can fix: the bot's setup (token, channel, membership) or the message is wrong. */
    private static final java.util.Set<String> PERMANENT_ERRORS = java.util.Set.of(
            "invalid_auth",
            "not_authed",
            "account_inactive",
            "token_revoked",
            "missing_scope",
            "channel_not_found",
            "not_in_channel",
            "is_archived",
            "msg_too_long",
            "invalid_blocks",
            "message_not_found",
            "cant_update_message");

    private static <T extends SlackApiTextResponse> T check(String method, T response) {
        if (!response.isOk()) {
            throw new SlackCallFailed(
                    method + " failed: " + response.getError(), PERMANENT_ERRORS.contains(response.getError()));
        }
        return response;
    }

    /** Runs a blocking Slack call on a worker thread; the result comes back on the caller's Vert.x context. */
    static <T> Uni<T> blocking(ThrowingSupplier<T> call) {
        Context context = Vertx.currentContext();
        Uni<T> onWorker = Uni.createFrom()
                .item((Supplier<T>) () -> {
                    try {
                        return call.get();
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (SlackApiException e) {
                        throw SlackCallFailed.of(e);
                    } catch (Exception e) {
                        throw new SlackCallFailed(e.getMessage(), e);
                    }
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return context == null ? onWorker : onWorker.emitOn(task -> context.runOnContext(ignored -> task.run()));
    }

    @PreDestroy
    void close() {
        try {
            slack.close();
        } catch (Exception e) {
            Log.debugf("slack client close failed: %s", e.getMessage());
        }
    }

    /** A blocking call that may throw the SDK's checked exceptions. */
    @FunctionalInterface
    interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    /** Slack refused or could not be reached; the bot logs it and carries on (Slack is never on the critical path). */
    public static class SlackCallFailed extends RuntimeException {

        /** Slack's {@code Retry-After} when it answered 429 (rate limited). */
        private final Duration retryAfter;
        /** Trying again cannot help (e.g. the bot is not in the channel): fix the setup instead. */
        private final boolean permanent;

        SlackCallFailed(String message) {
            this(message, null, null, false);
        }

        SlackCallFailed(String message, boolean permanent) {
            this(message, null, null, permanent);
        }

        SlackCallFailed(String message, Throwable cause) {
            this(message, cause, null, false);
        }

        private SlackCallFailed(String message, Throwable cause, Duration retryAfter, boolean permanent) {
            super(message, cause);
            this.retryAfter = retryAfter;
            this.permanent = permanent;
        }

        public boolean permanent() {
            return permanent;
        }

        static SlackCallFailed of(SlackApiException e) {
            int status = e.getResponse() == null ? 0 : e.getResponse().code();
            Duration retryAfter = null;
            if (status == 429) {
                String header = e.getResponse().header("Retry-After");
                try {
                    retryAfter = Duration.ofSeconds(header == null ? 1 : Long.parseLong(header.trim()));
                } catch (NumberFormatException notSeconds) {
                    retryAfter = Duration.ofSeconds(1);
                }
            }
            String error = e.getError() == null ? "" : " " + e.getError().getError();
            return new SlackCallFailed("Slack answered HTTP " + status + error, e, retryAfter, false);
        }

        public Optional<Duration> retryAfter() {
            return Optional.ofNullable(retryAfter);
        }
    }
}
