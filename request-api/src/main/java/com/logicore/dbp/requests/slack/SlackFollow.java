package com.logicore.dbp.requests.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.payload.ApprovalRequired;
import com.logicore.dbp.events.payload.Finding;
import com.logicore.dbp.events.payload.JobFailed;
import com.logicore.dbp.events.payload.JobProgress;
import com.logicore.dbp.events.payload.JobStarted;
import com.logicore.dbp.events.payload.JobSucceeded;
import com.logicore.dbp.events.payload.RequestApproved;
import com.logicore.dbp.events.payload.RequestExpired;
import com.logicore.dbp.events.payload.RequestRejected;
import com.logicore.dbp.requests.persistence.Request;
import com.logicore.dbp.requests.persistence.RequestEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Tells Slack what happens to requests: the approval message in the approvers' channel (posted, then updated in
 * place), and the requester's DM thread (approved, running with a progress line updated in place, succeeded, failed).
 * Failures propagate to the {@link SlackDispatcher}, which retries; Slack is never on the request's critical path.
 */
@ApplicationScoped
public class SlackFollow {

    private final SlackSettings settings;
    private final SlackWebApi slack;

    public SlackFollow(SlackSettings settings, SlackWebApi slack) {
        this.settings = settings;
        this.slack = slack;
    }

    /** Delivers one queued notification (called by the {@link SlackDispatcher}); fails when Slack does. */
    Uni<Void> deliver(SlackNotificationQueue.Pending notification) {
        if (notification.requestId() == null) {
            return toOps(notification.data());
        }
        return EventType.fromCeType(notification.eventType())
                .map(type -> announce(type, notification.requestId(), notification.data()))
                .orElseGet(() -> Uni.createFrom().voidItem());
    }

    private Uni<Void> announce(EventType type, UUID id, byte[] data) {
        return switch (type) {
            case APPROVAL_REQUIRED -> {
                var e = EventJson.read(data, ApprovalRequired.class);
                yield approvalNeeded(id, e.approverRoles())
                        .call(() -> toRequester(
                                id,
                                ":hourglass_flowing_sand: Waiting for approval: "
                                        + SlackMessages.describe(e.approverRoles()) + " (" + e.reason() + ")"));
            }
            case REQUEST_APPROVED -> {
                var e = EventJson.read(data, RequestApproved.class);
                List<String> by = e.approvedBy() == null ? List.of() : e.approvedBy();
                String who = by.isEmpty() || by.equals(List.of("policy")) ? "policy" : String.join(", ", by);
                yield closeApproval(id, "Approved", by.contains("policy") ? null : by)
                        .call(() -> toRequester(
                                id,
                                ":white_check_mark: Approved by " + who
                                        + (e.reason() == null ? "" : " — " + e.reason())));
            }
            case REQUEST_REJECTED -> {
                var e = EventJson.read(data, RequestRejected.class);
                StringBuilder text = new StringBuilder(
                        ":x: Rejected by " + e.rejectedBy() + (e.reason() == null ? "" : ": " + e.reason()));
                if (e.findings() != null) {
                    e.findings().stream()
                            .filter(f -> f.severity() != Finding.Severity.INFO)
                            .limit(SlackMessages.TOP_FINDINGS)
                            .forEach(f -> text.append("\n• `")
                                    .append(f.code())
                                    .append("` ")
                                    .append(f.message()));
                }
                yield closeApproval(id, "Rejected by " + e.rejectedBy(), null)
                        .call(() -> toRequester(id, text.toString()));
            }
            case REQUEST_EXPIRED -> {
                var e = EventJson.read(data, RequestExpired.class);
                yield closeApproval(id, "Expired", null)
                        .call(() -> toRequester(id, ":hourglass: Expired: " + e.reason()));
            }
            case JOB_STARTED -> {
                var e = EventJson.read(data, JobStarted.class);
                yield toRequester(
                        id,
                        ":arrow_forward: Running on " + e.worker() + (e.detail() == null ? "" : " — " + e.detail()));
            }
            case JOB_PROGRESS -> progress(id, EventJson.read(data, JobProgress.class));
            case JOB_SUCCEEDED -> {
                var e = EventJson.read(data, JobSucceeded.class);
                yield toRequester(
                        id,
                        ":tada: Succeeded: " + e.summary()
                                + SlackMessages.resultLines(
                                        e.result() == null ? null : e.result().toString()));
            }
            case JOB_FAILED -> {
                var e = EventJson.read(data, JobFailed.class);
                yield toRequester(
                        id,
                        ":boom: Failed: " + e.error() + "\n"
                                + (e.retryable()
                                        ? "This may pass on a second try (e.g. a lock timeout): submit the request again."
                                        : "Running it again will fail the same way: fix the request, then submit a new one."));
            }
            default -> Uni.createFrom().voidItem();
        };
    }

    /** Posts the approval message, or updates it with what is still needed when the chain advanced. */
    private Uni<Void> approvalNeeded(UUID id, List<String> approverRoles) {
        if (settings.approversChannel().isEmpty()) {
            Log.warnf("no approvers channel configured (DBP_SLACK_APPROVERS_CHANNEL) requestId=%s", id);
            return Uni.createFrom().voidItem();
        }
        String channel = settings.approversChannel().get();
        return Panache.withSession(() -> card(id, approverRoles, null, null)).flatMap(loaded -> {
            if (loaded == null) {
                return Uni.createFrom().voidItem();
            }
            var card = loaded.card();
            if (loaded.message() != null) {
                return slack.update(loaded.message().channel, loaded.message().ts, card.text(), card.blocks())
                        .call(() -> saveMessage(id, null, null, approverRoles, null));
            }
            return slack.post(channel, null, card.text(), card.blocks())
                    .flatMap(ts -> saveMessage(id, channel, ts, approverRoles, null))
                    .invoke(() -> Log.infof("slack approval message posted requestId=%s channel=%s", id, channel));
        });
    }

    /** A person approved in Slack: the message shows it at once (policy confirms or asks for more later). */
    public Uni<Void> approvalClicked(UUID id, String username) {
        return Panache.withSession(() -> SlackApprovalMessage.<SlackApprovalMessage>findById(id))
                .flatMap(message -> {
                    if (message == null) {
                        return Uni.createFrom().voidItem();
                    }
                    List<String> by = new ArrayList<>(split(message.approvedBy));
                    if (!by.contains(username)) {
                        by.add(username);
                    }
                    return Panache.withSession(() -> card(id, split(message.approverRoles), by, null))
                            .flatMap(loaded -> slack.update(
                                    message.channel,
                                    message.ts,
                                    loaded.card().text(),
                                    loaded.card().blocks()))
                            .call(() -> saveMessage(id, null, null, null, by));
                });
    }

    /** A person rejected in Slack: the buttons go away at once. */
    public Uni<Void> rejectionClicked(UUID id, String username) {
        return closeApproval(id, "Rejected by " + username, null);
    }

    private Uni<Void> closeApproval(UUID id, String outcome, List<String> approvedBy) {
        return Panache.withSession(() -> SlackApprovalMessage.<SlackApprovalMessage>findById(id)
                        .flatMap(message -> message == null
                                ? Uni.createFrom().nullItem()
                                : card(
                                        id,
                                        List.of(),
                                        approvedBy == null ? split(message.approvedBy) : approvedBy,
                                        outcome)))
                .flatMap(loaded -> loaded == null || loaded.message() == null
                        ? Uni.createFrom().voidItem()
                        : slack.update(
                                loaded.message().channel,
                                loaded.message().ts,
                                loaded.card().text(),
                                loaded.card().blocks()));
    }

    private record LoadedCard(SlackMessages.ApprovalCard card, SlackApprovalMessage message) {}

    /** Builds the card from the request, its latest findings and the stored message; inside a session. */
    private static Uni<LoadedCard> card(UUID id, List<String> stillNeeded, List<String> approvedBy, String outcome) {
        return Request.<Request>findById(id).flatMap(request -> {
            if (request == null) {
                return Uni.createFrom().nullItem();
            }
            return RequestEvent.<RequestEvent>find("requestId = ?1 and findings is not null order by id desc", id)
                    .firstResult()
                    .flatMap(line -> SlackApprovalMessage.<SlackApprovalMessage>findById(id)
                            .map(message -> new LoadedCard(
                                    new SlackMessages.ApprovalCard(
                                            id.toString(),
                                            request.type.name(),
                                            request.teamId,
                                            request.submittedBy,
                                            request.targetDatabase + "/" + request.targetSchema,
                                            SlackMessages.what(request.type.name(), request.payload),
                                            request.risk,
                                            line == null ? List.of() : SlackMessages.findings(line.findings),
                                            stillNeeded,
                                            approvedBy != null
                                                    ? approvedBy
                                                    : message == null ? List.of() : split(message.approvedBy),
                                            outcome),
                                    message)));
        });
    }

    private static Uni<Void> saveMessage(
            UUID id, String channel, String ts, List<String> approverRoles, List<String> approvedBy) {
        return Panache.withTransaction(
                () -> SlackApprovalMessage.<SlackApprovalMessage>findById(id).flatMap(existing -> {
                    SlackApprovalMessage message = existing == null ? new SlackApprovalMessage() : existing;
                    if (existing == null) {
                        message.requestId = id;
                        message.channel = channel;
                        message.ts = ts;
                        message.postedAt = OffsetDateTime.now(ZoneOffset.UTC);
                    }
                    if (approverRoles != null) {
                        message.approverRoles = String.join(",", approverRoles);
                    }
                    if (approvedBy != null) {
                        message.approvedBy = String.join(",", approvedBy);
                    }
                    return message.persist().replaceWithVoid();
                }));
    }

    /** Opens the requester's thread for a request they submitted in Slack. */
    public Uni<Void> startThread(Request request, String slackUserId) {
        return openThread(request, slackUserId).replaceWithVoid();
    }

    private Uni<SlackThread> openThread(Request request, String slackUserId) {
        String text = "Following your request `" + request.id + "`: " + request.type + " on " + request.targetDatabase
                + "/" + request.targetSchema + " ("
                + SlackMessages.clip(SlackMessages.what(request.type.name(), request.payload), 200)
                + "). I post what happens to it in this thread.";
        return slack.post(slackUserId, null, text, SlackMessages.textBlocks(text))
                .flatMap(ts -> Panache.withTransaction(
                        () -> SlackThread.<SlackThread>findById(request.id).flatMap(existing -> {
                            if (existing != null) {
                                return Uni.createFrom().item(existing);
                            }
                            SlackThread thread = new SlackThread();
                            thread.requestId = request.id;
                            thread.channel = slackUserId;
                            thread.threadTs = ts;
                            return thread.<SlackThread>persist();
                        })));
    }

    /** The requester's thread, opened on first use when the requester has a Slack link; null when they have none. */
    private Uni<SlackThread> threadOf(UUID id) {
        return Panache.withSession(() -> SlackThread.<SlackThread>findById(id)
                        .flatMap(thread -> thread != null
                                ? Uni.createFrom().item(new Object[] {thread, null, null})
                                : Request.<Request>findById(id)
                                        .flatMap(request -> request == null
                                                ? Uni.createFrom().<Object[]>nullItem()
                                                : SlackIdentities.slackUserOf(request.submittedBy)
                                                        .map(user -> new Object[] {null, request, user}))))
                .flatMap(found -> {
                    if (found == null) {
                        return Uni.createFrom().nullItem();
                    }
                    if (found[0] != null) {
                        return Uni.createFrom().item((SlackThread) found[0]);
                    }
                    if (found[2] == null) {
                        return Uni.createFrom().nullItem();
                    }
                    return openThread((Request) found[1], (String) found[2]);
                });
    }

    private Uni<Void> toRequester(UUID id, String text) {
        return threadOf(id)
                .flatMap(thread -> thread == null
                        ? Uni.createFrom().voidItem()
                        : slack.post(thread.channel, thread.threadTs, text, SlackMessages.textBlocks(text))
                                .replaceWithVoid());
    }

    /** One progress line per request, updated in place. */
    private Uni<Void> progress(UUID id, JobProgress e) {
        StringBuilder line = new StringBuilder(":hourglass_flowing_sand: Progress: ");
        line.append(e.percent() == null ? "?" : e.percent() + " %");
        if (e.rows() != null) {
            line.append(", ").append(String.format("%,d", e.rows())).append(" rows");
        }
        if (e.etaSeconds() != null) {
            line.append(", about ").append(Math.max(1, e.etaSeconds() / 60)).append(" min left");
        }
        if (e.detail() != null) {
            line.append(" — ").append(e.detail());
        }
        String text = line.toString();
        return threadOf(id).flatMap(thread -> {
            if (thread == null) {
                return Uni.createFrom().voidItem();
            }
            if (thread.progressTs != null) {
                return slack.update(thread.channel, thread.progressTs, text, SlackMessages.textBlocks(text));
            }
            return slack.post(thread.channel, thread.threadTs, text, SlackMessages.textBlocks(text))
                    .flatMap(ts -> Panache.withTransaction(() -> SlackThread.<SlackThread>findById(id)
                            .invoke(saved -> saved.progressTs = ts)
                            .replaceWithVoid()));
        });
    }

    /** A high-severity health finding from monitoring, to the ops channel. */
    private Uni<Void> toOps(byte[] data) {
        JsonNode finding;
        try {
            finding = EventJson.mapper().readTree(data);
        } catch (java.io.IOException e) {
            return Uni.createFrom().voidItem();
        }
        String severity = finding.path("severity").asText("").toUpperCase(java.util.Locale.ROOT);
        String resource = finding.path("resource").asText("?");
        String message = firstText(finding, "message", "summary", "detail", "title");
        String text = ":rotating_light: " + severity + " health finding on `" + resource + "`"
                + (finding.hasNonNull("kind") ? " (" + finding.get("kind").asText() + ")" : "") + ": " + message;
        return slack.post(settings.opsChannel().orElseThrow(), null, text, SlackMessages.textBlocks(text))
                .replaceWithVoid();
    }

    private static String firstText(JsonNode node, String... names) {
        for (String name : names) {
            if (node.hasNonNull(name)) {
                return node.get(name).asText();
            }
        }
        return node.toString();
    }

    private static List<String> split(String csv) {
        return csv == null || csv.isBlank() ? List.of() : Arrays.asList(csv.split(","));
    }
}
