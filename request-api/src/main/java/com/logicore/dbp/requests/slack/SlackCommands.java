package com.logicore.dbp.requests.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.requests.auth.Caller;
import com.logicore.dbp.requests.config.IntakeConfig;
import com.logicore.dbp.requests.intake.RequestValidator;
import com.logicore.dbp.requests.lifecycle.RequestState;
import com.logicore.dbp.requests.persistence.Request;
import com.logicore.dbp.requests.rest.dto.RequestView;
import com.logicore.dbp.requests.rest.problem.Problem.FieldError;
import com.logicore.dbp.requests.rest.problem.ProblemException;
import com.logicore.dbp.requests.service.RequestIntake;
import com.logicore.dbp.requests.service.RequestQueries;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Validator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Runs {@code /db} commands for a linked Slack user, through the same validator, intake and queries as the REST API,
 * and answers through the command's {@code response_url}.
 */
@ApplicationScoped
public class SlackCommands {

    private static final Set<RequestState> CLOSED = EnumSet.of(
            RequestState.SUCCEEDED,
            RequestState.FAILED,
            RequestState.REJECTED,
            RequestState.CANCELLED,
            RequestState.EXPIRED);

    private final SlackSettings settings;
    private final SlackIdentities identities;
    private final SlackWebApi slack;
    private final SlackFollow follow;
    private final RequestValidator validator;
    private final RequestIntake intake;
    private final RequestQueries queries;

    public SlackCommands(
            SlackSettings settings,
            SlackIdentities identities,
            SlackWebApi slack,
            SlackFollow follow,
            Validator beanValidator,
            IntakeConfig intakeConfig,
            RequestIntake intake,
            RequestQueries queries) {
        this.settings = settings;
        this.identities = identities;
        this.slack = slack;
        this.follow = follow;
        this.validator = new RequestValidator(beanValidator, intakeConfig.targetDatabases());
        this.intake = intake;
        this.queries = queries;
    }

    public Uni<Void> handle(SlashCommandPayload command) {
        String url = command.getResponseUrl();
        return identities
                .callerOf(command.getUserId())
                .flatMap(caller -> {
                    if (caller == null) {
                        Log.infof("slack command refused: unlinked slackUser=%s", command.getUserId());
                        return reply(url, SlackMessages.notLinked(command.getUserId()));
                    }
                    var parsed =
                            SlashCommandParser.parse(command.getText(), settings.defaultDatabase(), caller.username());
                    return Uni.createFrom().deferred(() -> run(caller, parsed, command));
                })
                .onFailure(ProblemException.class)
                .recoverWithUni(e -> reply(url, ":warning: " + explain((ProblemException) e)))
                .onFailure()
                .recoverWithUni(e -> {
                    Log.warnf(e, "slack command failed slackUser=%s", command.getUserId());
                    return reply(url, ":warning: Something went wrong on our side; please try again.");
                });
    }

    private Uni<Void> run(Caller caller, SlashCommandParser.Command parsed, SlashCommandPayload command) {
        String url = command.getResponseUrl();
        if (parsed instanceof SlashCommandParser.Invalid invalid) {
            return reply(url, invalid.message());
        }
        if (parsed instanceof SlashCommandParser.Status status) {
            return queries.get(caller, uuid(status.requestId())).flatMap(view -> reply(url, status(view)));
        }
        if (parsed instanceof SlashCommandParser.ListOpen) {
            return queries.list(caller, new RequestQueries.Filter(null, null, null, null, null, null, 100))
                    .flatMap(page -> reply(url, open(page.items())));
        }
        if (parsed instanceof SlashCommandParser.NewForm form) {
            if (form.type() == null) {
                return slack.openView(command.getTriggerId(), SlackForms.typePicker());
            }
            var type = SlackForms.type(form.type());
            if (type == null) {
                return reply(url, "Which form? `/db new <type>` with one of: " + String.join(", ", SlackForms.TYPES));
            }
            return slack.openView(command.getTriggerId(), SlackForms.newRequest(type, caller.teamId()));
        }
        if (parsed instanceof SlashCommandParser.Submit submit) {
            return submit(caller, submit.body(), command.getUserId())
                    .flatMap(request -> reply(
                            url,
                            ":inbox_tray: Submitted request `" + request.id + "` (" + submit.summary()
                                    + "). I'll follow it in our DM."));
        }
        return reply(url, SlackMessages.help());
    }

    /** Validates and submits like {@code POST /api/v1/requests}, then opens the requester's thread. */
    public Uni<Request> submit(Caller caller, Map<String, Object> body, String slackUserId) {
        String json;
        try {
            json = EventJson.mapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        var validated = validator.validate(json);
        return intake.submit(caller, validated, null)
                .map(RequestIntake.Accepted::request)
                .call(request -> follow.startThread(request, slackUserId)
                        .onFailure()
                        .recoverWithItem(failure -> {
                            Log.warnf("slack thread not opened requestId=%s: %s", request.id, failure.getMessage());
                            return null;
                        }))
                .invoke(request ->
                        Log.infof("slack request submitted requestId=%s slackUser=%s", request.id, slackUserId));
    }

    private Uni<Void> reply(String url, String text) {
        return slack.respond(url, text, SlackMessages.textBlocks(text));
    }

    static String explain(ProblemException e) {
        List<FieldError> errors = e.problem().errors();
        if (errors == null || errors.isEmpty()) {
            return e.problem().detail();
        }
        StringBuilder text = new StringBuilder("Not submitted:");
        errors.forEach(
                err -> text.append("\n• `").append(err.field()).append("` ").append(err.message()));
        return text.toString();
    }

    private static String status(RequestView view) {
        StringBuilder text = new StringBuilder("*Request* `" + view.id() + "` — " + view.type() + " on "
                + view.target().database() + "/" + view.target().schema() + "\nState: *" + view.state() + "*"
                + (view.risk() == null ? "" : ", risk " + view.risk())
                + (view.progressPercent() == null ? "" : ", " + view.progressPercent() + " %")
                + "\nBy " + view.submittedBy() + " (team " + view.team() + ")");
        var timeline = view.timeline() == null ? List.<RequestView.TimelineEntry>of() : view.timeline();
        timeline.stream().skip(Math.max(0, timeline.size() - 5)).forEach(line -> text.append("\n• ")
                .append(line.to() == null ? line.kind() : line.to())
                .append(" by ")
                .append(line.actor())
                .append(line.reason() == null ? "" : ": " + SlackMessages.clip(line.reason(), 200)));
        return text.toString();
    }

    private static String open(List<RequestView> items) {
        var open = items.stream()
                .filter(r -> !CLOSED.contains(RequestState.valueOf(r.state())))
                .toList();
        if (open.isEmpty()) {
            return "No open requests.";
        }
        StringBuilder text = new StringBuilder("*Open requests*");
        open.stream().limit(25).forEach(r -> text.append("\n• `")
                .append(r.id())
                .append("` ")
                .append(r.type())
                .append(" on ")
                .append(r.target().schema())
                .append(" — *")
                .append(r.state())
                .append("* (")
                .append(r.submittedBy())
                .append(")"));
        return text.toString();
    }

    static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no request " + id);
        }
    }
}
