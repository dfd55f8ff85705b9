package com.logicore.dbp.requests.slack;

import com.logicore.dbp.requests.auth.Caller;
import com.logicore.dbp.requests.persistence.Member;
import com.logicore.dbp.requests.persistence.Team;
import com.logicore.dbp.requests.rest.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** Which platform member a Slack user is: set by admins, read on every Slack action. */
@ApplicationScoped
public class SlackIdentities {

    private static final String SLACK_USER_ID = "[UW][A-Z0-9]{2,30}";

    /** A link as the admin API shows it. */
    public record LinkView(String slackUserId, String username, String team) {}

    /** The caller a Slack user acts as, or {@code null} when the user is not linked. */
    public Uni<Caller> callerOf(String slackUserId) {
        return Panache.withSession(() -> SlackUserLink.<SlackUserLink>findById(slackUserId)
                .flatMap(link -> link == null
                        ? Uni.createFrom().nullItem()
                        : Member.<Member>find("username", link.username)
                                .firstResult()
                                .flatMap(member -> member == null
                                        ? Uni.createFrom().<Caller>nullItem()
                                        : Team.<Team>findById(member.teamId)
                                                .map(team -> new Caller(
                                                        member.username,
                                                        member.teamId,
                                                        member.roleSet(),
                                                        team.reviewer)))));
    }

    /** The Slack user linked to a member, or {@code null}; inside the caller's session. */
    public static Uni<String> slackUserOf(String username) {
        return SlackUserLink.<SlackUserLink>find("username = ?1 order by linkedAt desc", username)
                .firstResult()
                .map(link -> link == null ? null : link.slackUserId);
    }

    public Uni<LinkView> link(String slackUserId, String username) {
        if (slackUserId == null || !slackUserId.matches(SLACK_USER_ID)) {
            throw ProblemException.invalidField("slackUserId", "must be a Slack user id like U024BE7LH");
        }
        if (username == null || username.isBlank()) {
            throw ProblemException.invalidField("username", "is required: the platform member this Slack user is");
        }
        return Panache.withTransaction(
                () -> Member.<Member>find("username", username).firstResult().flatMap(member -> {
                    if (member == null) {
                        throw ProblemException.invalidField("username", "no member " + username);
                    }
                    return SlackUserLink.<SlackUserLink>findById(slackUserId).flatMap(existing -> {
                        SlackUserLink link = existing == null ? new SlackUserLink() : existing;
                        link.slackUserId = slackUserId;
                        link.username = username;
                        link.linkedAt = OffsetDateTime.now(ZoneOffset.UTC);
                        Log.infof("slack user linked slackUser=%s member=%s", slackUserId, username);
                        return link.<SlackUserLink>persist()
                                .map(saved -> new LinkView(slackUserId, username, member.teamId));
                    });
                }));
    }

    public Uni<List<LinkView>> links() {
        return Panache.withSession(() -> SlackUserLink.<SlackUserLink>listAll()
                .flatMap(all -> Member.<Member>listAll().map(members -> all.stream()
                        .map(link -> new LinkView(
                                link.slackUserId,
                                link.username,
                                members.stream()
                                        .filter(m -> m.username.equals(link.username))
                                        .map(m -> m.teamId)
                                        .findFirst()
                                        .orElse(null)))
                        .toList())));
    }

    public Uni<Boolean> unlink(String slackUserId) {
        return Panache.withTransaction(() -> SlackUserLink.deleteById(slackUserId));
    }
}
