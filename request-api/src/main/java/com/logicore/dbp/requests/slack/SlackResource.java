package com.logicore.dbp.requests.slack;

import com.logicore.dbp.requests.rest.problem.ProblemException;
import com.slack.api.app_backend.slash_commands.SlashCommandPayloadParser;
import com.slack.api.app_backend.slash_commands.response.SlashCommandResponse;
import com.slack.api.util.json.GsonFactory;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Slack's entry points: slash commands and interactivity. Every request must carry Slack's signature of its raw body
 * (the bearer-token filter does not apply here); anything else is a 401 and changes nothing.
 */
@Path("/slack")
public class SlackResource {

    static final String TIMESTAMP = "X-Slack-Request-Timestamp";
    static final String SIGNATURE = "X-Slack-Signature";

    private final SlackSettings settings;
    private final SlackCommands commands;
    private final SlackInteractions interactions;
    private final SlackAsync async;
    private final SlackSignatureCheck check;
    private final SlashCommandPayloadParser parser = new SlashCommandPayloadParser();

    public SlackResource(
            SlackSettings settings, SlackCommands commands, SlackInteractions interactions, SlackAsync async) {
        this.settings = settings;
        this.commands = commands;
        this.interactions = interactions;
        this.async = async;
        this.check = settings.enabled()
                ? new SlackSignatureCheck(settings.signingSecret().get(), settings.maxClockSkewSeconds())
                : null;
    }

    @POST
    @Path("/commands")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Slack slash command /db (signed by Slack)")
    public Uni<Response> command(
            @HeaderParam(TIMESTAMP) String timestamp, @HeaderParam(SIGNATURE) String signature, String body) {
        return verified(timestamp, signature, body, () -> {
            var command = parser.parse(body);
            async.detach("slash command", () -> commands.handle(command));
            var ack = SlashCommandResponse.builder()
                    .responseType("ephemeral")
                    .text(":hourglass_flowing_sand: `" + command.getCommand() + " "
                            + SlackMessages.clip(command.getText(), 200) + "`")
                    .build();
            return Uni.createFrom()
                    .item(Response.ok(GsonFactory.createSnakeCase().toJson(ack), MediaType.APPLICATION_JSON)
                            .build());
        });
    }

    @POST
    @Path("/interactions")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Slack interactivity: button clicks and modal submissions (signed by Slack)")
    public Uni<Response> interaction(
            @HeaderParam(TIMESTAMP) String timestamp, @HeaderParam(SIGNATURE) String signature, String body) {
        return verified(timestamp, signature, body, () -> {
            String payload = formField(body, "payload");
            if (payload == null) {
                throw ProblemException.badRequest("slack-payload-missing", "the form has no payload field", "payload");
            }
            return interactions.handle(payload);
        });
    }

    private Uni<Response> verified(String timestamp, String signature, String body, Supplier<Uni<Response>> then) {
        if (check == null) {
            throw ProblemException.notFound("the Slack bot is off on this platform: set DBP_SLACK_BOT_TOKEN and"
                    + " DBP_SLACK_SIGNING_SECRET to turn it on");
        }
        var refusal = check.refusal(timestamp, signature, body, System.currentTimeMillis() / 1000);
        if (refusal.isPresent()) {
            Log.warnf("slack request refused: %s", refusal.get());
            throw ProblemException.unauthorized("not a genuine Slack request: " + refusal.get());
        }
        return SlackStore.firstSighting(signature.trim()).flatMap(first -> {
            if (!first) {
                Log.warnf("slack request refused: replayed signature");
                throw ProblemException.unauthorized("not a genuine Slack request: replayed");
            }
            return Uni.createFrom().deferred(then::get);
        });
    }

    static String formField(String body, String name) {
        if (body == null) {
            return null;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0
                    && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8)
                            .equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
