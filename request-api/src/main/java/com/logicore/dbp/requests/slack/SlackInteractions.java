package com.logicore.dbp.requests.slack;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.events.payload.ApprovalRecorded;
import com.logicore.dbp.requests.auth.Caller;
import com.logicore.dbp.requests.rest.problem.ProblemException;
import com.logicore.dbp.requests.service.RequestActions;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.views.payload.ViewSubmissionPayload;
import com.slack.api.app_backend.views.response.ViewSubmissionResponse;
import com.slack.api.model.block.InputBlock;
import com.slack.api.util.json.GsonFactory;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Button clicks (block_actions) and modal submissions (view_submission). A click is an action of the clicking user's
 * platform identity, judged by the same {@link RequestActions} as the REST API (four-eyes, roles, teams).
 */
@ApplicationScoped
public class SlackInteractions {

    private static final Gson GSON = GsonFactory.createSnakeCase();

    private final SlackIdentities identities;
    private final SlackWebApi slack;
    private final SlackFollow follow;
    private final SlackCommands commands;
    private final RequestActions actions;
    private final SlackSettings settings;
    private final SlackAsync async;

    public SlackInteractions(
            SlackIdentities identities,
            SlackWebApi slack,
            SlackFollow follow,
            SlackCommands commands,
            RequestActions actions,
            SlackSettings settings,
            SlackAsync async) {
        this.identities = identities;
        this.slack = slack;
        this.follow = follow;
        this.commands = commands;
        this.actions = actions;
        this.settings = settings;
        this.async = async;
    }

    /** Answers Slack's HTTP request; slow work continues after the answer. */
    public Uni<Response> handle(String payloadJson) {
        JsonObject root = JsonParser.parseString(payloadJson).getAsJsonObject();
        String type = root.has("type") ? root.get("type").getAsString() : "";
        switch (type) {
            case "block_actions" -> {
                BlockActionPayload click = GSON.fromJson(payloadJson, BlockActionPayload.class);
                async.detach("block_actions", () -> onClick(click));
                return Uni.createFrom().item(Response.ok().build());
            }
            case "view_submission" -> {
                return onSubmission(GSON.fromJson(payloadJson, ViewSubmissionPayload.class));
            }
            default -> {
                Log.debugf("slack interaction ignored type=%s", type);
                return Uni.createFrom().item(Response.ok().build());
            }
        }
    }

    private Uni<Void> onClick(BlockActionPayload click) {
        if (click.getActions() == null || click.getActions().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        var action = click.getActions().get(0);
        String url = click.getResponseUrl();
        String slackUser = click.getUser().getId();
        return identities.callerOf(slackUser).flatMap(caller -> {
            if (caller == null) {
                Log.infof("slack click refused: unlinked slackUser=%s", slackUser);
                return say(url, SlackMessages.notLinked(slackUser));
            }
            return switch (action.getActionId()) {
                case SlackMessages.APPROVE_ACTION -> approve(caller, action.getValue(), url);
                case SlackMessages.REJECT_ACTION -> slack.openView(
                        click.getTriggerId(), SlackForms.rejectReason(action.getValue()));
                case SlackForms.PICK_TYPE -> {
                    var type = action.getSelectedOption() == null
                            ? null
                            : SlackForms.type(action.getSelectedOption().getValue());
                    yield type == null || click.getView() == null
                            ? Uni.createFrom().voidItem()
                            : slack.updateView(
                                    click.getView().getId(),
                                    click.getView().getHash(),
                                    SlackForms.newRequest(type, caller.teamId()));
                }
                default -> Uni.createFrom().voidItem();
            };
        });
    }

    private Uni<Void> approve(Caller caller, String requestId, String url) {
        UUID id = SlackCommands.uuid(requestId);
        return alreadyApprovedBy(id, caller.username())
                .flatMap(already -> already
                        ? say(url, "You already approved request `" + id + "`; a person counts once.")
                        : actions.decide(caller, id, ApprovalRecorded.Decision.APPROVE, "approved in Slack")
                                .invoke(() -> Log.infof("slack approval requestId=%s by=%s", id, caller.username()))
                                .call(() -> follow.approvalClicked(id, caller.username())))
                .onFailure(ProblemException.class)
                .recoverWithUni(e -> say(
                        url,
                        ":no_entry: You cannot approve request `" + id + "`: "
                                + ((ProblemException) e).problem().detail()));
    }

    private static Uni<Boolean> alreadyApprovedBy(UUID id, String username) {
        return Panache.withSession(() -> SlackApprovalMessage.<SlackApprovalMessage>findById(id))
                .map(message -> message != null
                        && message.approvedBy != null
                        && Arrays.asList(message.approvedBy.split(",")).contains(username));
    }

    private Uni<Response> onSubmission(ViewSubmissionPayload submission) {
        var view = submission.getView();
        List<String> blockIds = view.getBlocks().stream()
                .filter(b -> b instanceof InputBlock)
                .map(b -> ((InputBlock) b).getBlockId())
                .toList();
        String firstBlock = blockIds.isEmpty() ? "reason" : blockIds.get(0);
        Map<String, String> values = SlackForms.values(view);
        String slackUser = submission.getUser().getId();
        return identities.callerOf(slackUser).flatMap(caller -> {
            if (caller == null) {
                return Uni.createFrom().item(errors(Map.of(firstBlock, SlackMessages.notLinked(slackUser))));
            }
            return switch (view.getCallbackId()) {
                case SlackForms.REJECT -> reject(caller, view.getPrivateMetadata(), values.get("reason"));
                case SlackForms.NEW_REQUEST -> submitForm(caller, slackUser, view.getPrivateMetadata(), values)
                        .onFailure(ProblemException.class)
                        .recoverWithItem(e -> {
                            var problem = ((ProblemException) e).problem();
                            return errors(
                                    problem.errors() == null
                                            ? Map.of(firstBlock, problem.detail())
                                            : SlackForms.blockErrors(problem.errors(), blockIds));
                        });
                default -> Uni.createFrom().item(Response.ok().build());
            };
        });
    }

    private Uni<Response> reject(Caller caller, String requestId, String reason) {
        if (reason == null || reason.isBlank()) {
            return Uni.createFrom().item(errors(Map.of("reason", "Say why, so the requester can fix it.")));
        }
        UUID id = SlackCommands.uuid(requestId);
        return Uni.createFrom()
                .deferred(() -> actions.decide(caller, id, ApprovalRecorded.Decision.REJECT, reason))
                .invoke(() -> {
                    Log.infof("slack rejection requestId=%s by=%s", id, caller.username());
                    async.detach("reject message", () -> follow.rejectionClicked(id, caller.username()));
                })
                .replaceWith(Response.ok().build())
                .onFailure(ProblemException.class)
                .recoverWithItem(e -> errors(Map.of(
                        "reason",
                        "You cannot reject this request: "
                                + ((ProblemException) e).problem().detail())));
    }

    private Uni<Response> submitForm(Caller caller, String slackUser, String typeName, Map<String, String> values) {
        RequestType type = SlackForms.type(typeName);
        if (type == null) {
            return Uni.createFrom().item(Response.ok().build());
        }
        return Uni.createFrom()
                .deferred(() -> commands.submit(
                        caller,
                        SlackForms.body(type, settings.defaultDatabase(), caller.username(), values),
                        slackUser))
                .replaceWith(Response.ok().build());
    }

    private Uni<Void> say(String url, String text) {
        return slack.respond(url, text, SlackMessages.textBlocks(text));
    }

    /** {@code response_action: errors}: Slack shows each message under its block and keeps the modal open. */
    private static Response errors(Map<String, String> byBlock) {
        var answer = ViewSubmissionResponse.builder()
                .responseAction("errors")
                .errors(byBlock)
                .build();
        return Response.ok(GSON.toJson(answer), MediaType.APPLICATION_JSON).build();
    }
}
