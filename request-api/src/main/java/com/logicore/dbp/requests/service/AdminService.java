package com.logicore.dbp.requests.service;

import com.logicore.dbp.events.EventType;
import com.logicore.dbp.events.payload.SchemaOwnershipChanged;
import com.logicore.dbp.events.request.Limits;
import com.logicore.dbp.outbox.Outbox;
import com.logicore.dbp.requests.auth.ApiTokens;
import com.logicore.dbp.requests.auth.Role;
import com.logicore.dbp.requests.config.IntakeConfig;
import com.logicore.dbp.requests.persistence.ApiToken;
import com.logicore.dbp.requests.persistence.Member;
import com.logicore.dbp.requests.persistence.SchemaOwnership;
import com.logicore.dbp.requests.persistence.Team;
import com.logicore.dbp.requests.rest.dto.AdminViews.MemberView;
import com.logicore.dbp.requests.rest.dto.AdminViews.NewToken;
import com.logicore.dbp.requests.rest.dto.AdminViews.OwnershipView;
import com.logicore.dbp.requests.rest.dto.AdminViews.TeamView;
import com.logicore.dbp.requests.rest.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Teams, members, tokens and schema ownership. Ownership changes are published so policy sees them. */
@ApplicationScoped
public class AdminService {

    private static final String TEAM_ID = "[a-z][a-z0-9-]{1,39}";
    private static final String USERNAME = "[a-z][a-z0-9._-]{1,62}";

    private final Outbox outbox;
    private final IntakeConfig intake;

    public AdminService(Outbox outbox, IntakeConfig intake) {
        this.outbox = outbox;
        this.intake = intake;
    }

    public Uni<TeamView> putTeam(String id, String name, Boolean reviewer) {
        check(id, TEAM_ID, "team id", "a lower-case team id like 'routing'");
        return Panache.withTransaction(() -> Team.<Team>findById(id).flatMap(existing -> {
            Team team = existing == null ? new Team() : existing;
            if (existing == null) {
                team.id = id;
                team.createdAt = now();
            }
            team.name = name == null || name.isBlank() ? (existing == null ? id : existing.name) : name;
            team.reviewer = reviewer != null ? reviewer : existing != null && existing.reviewer;
            return team.<Team>persist().map(AdminService::view);
        }));
    }

    public Uni<List<TeamView>> teams() {
        return Panache.withSession(() -> Team.<Team>listAll()
                .map(list -> list.stream().map(AdminService::view).toList()));
    }

    public Uni<MemberView> putMember(String teamId, String username, String displayName, List<String> roles) {
        check(username, USERNAME, "username", "a lower-case user name like 'alice'");
        Set<Role> roleSet = roles(roles);
        return Panache.withTransaction(() -> team(teamId).flatMap(team -> Member.<Member>find("username", username)
                .firstResult()
                .flatMap(existing -> {
                    if (existing != null && !existing.teamId.equals(teamId)) {
                        throw ProblemException.conflict(
                                "member-in-other-team", username + " is a member of team " + existing.teamId);
                    }
                    Member member = existing == null ? new Member() : existing;
                    if (existing == null) {
                        member.id = UUID.randomUUID();
                        member.teamId = teamId;
                        member.username = username;
                        member.createdAt = now();
                    }
                    member.displayName = displayName;
                    member.setRoles(roleSet);
                    return member.<Member>persist().map(AdminService::view);
                })));
    }

    public Uni<List<MemberView>> members(String teamId) {
        return Panache.withSession(() -> team(teamId).flatMap(team -> Member.<Member>list("teamId", teamId)
                .map(list -> list.stream().map(AdminService::view).toList())));
    }

    public Uni<NewToken> createToken(String username, String label) {
        return Panache.withTransaction(
                () -> Member.<Member>find("username", username).firstResult().flatMap(member -> {
                    if (member == null) {
                        throw ProblemException.notFound("no member " + username);
                    }
                    String token = ApiTokens.newToken();
                    ApiToken row = new ApiToken();
                    row.id = UUID.randomUUID();
                    row.memberId = member.id;
                    row.tokenHash = ApiTokens.hash(token);
                    row.label = label;
                    row.createdAt = now();
                    Log.infof("api token created tokenId=%s member=%s", row.id, username);
                    return row.persist().replaceWith(new NewToken(row.id.toString(), username, label, token));
                }));
    }

    public Uni<Void> revokeToken(UUID tokenId) {
        return Panache.withTransaction(
                () -> ApiToken.<ApiToken>findById(tokenId).flatMap(token -> {
                    if (token == null) {
                        throw ProblemException.notFound("no token " + tokenId);
                    }
                    if (token.revokedAt == null) {
                        token.revokedAt = now();
                        Log.infof("api token revoked tokenId=%s", tokenId);
                    }
                    return Uni.createFrom().voidItem();
                }));
    }

    public Uni<OwnershipView> assignSchema(String database, String schema, String teamId) {
        checkTarget(database, schema);
        return Panache.withTransaction(() -> team(teamId)
                .flatMap(team -> recordOwner(database, schema, teamId))
                .replaceWith(new OwnershipView(database, schema, teamId)));
    }

    /**
     * Records and publishes a schema's owner, in the caller's transaction (an admin's assignment, or a PROVISION_SCHEMA
     * that succeeded).
     */
    public Uni<Void> recordOwner(String database, String schema, String teamId) {
        return SchemaOwnership.<SchemaOwnership>findById(new SchemaOwnership.Key(database, schema))
                .flatMap(existing -> {
                    SchemaOwnership ownership = existing == null ? new SchemaOwnership() : existing;
                    ownership.key = new SchemaOwnership.Key(database, schema);
                    ownership.teamId = teamId;
                    ownership.assignedAt = now();
                    return ownership.persist();
                })
                .flatMap(saved -> publish(database, schema, teamId))
                .replaceWithVoid();
    }

    public Uni<Void> releaseSchema(String database, String schema) {
        return Panache.withTransaction(() -> SchemaOwnership.deleteById(new SchemaOwnership.Key(database, schema))
                .flatMap(deleted -> {
                    if (!deleted) {
                        throw ProblemException.notFound("no owner recorded for " + database + "/" + schema);
                    }
                    return publish(database, schema, null);
                })
                .replaceWithVoid());
    }

    public Uni<List<OwnershipView>> schemas() {
        return Panache.withSession(
                () -> SchemaOwnership.<SchemaOwnership>listAll().map(list -> list.stream()
                        .map(o -> new OwnershipView(o.key.targetDatabase(), o.key.schemaName(), o.teamId))
                        .toList()));
    }

    private Uni<UUID> publish(String database, String schema, String teamId) {
        var changed = new SchemaOwnershipChanged(database, schema, teamId);
        Log.infof("schema ownership database=%s schema=%s team=%s", database, schema, teamId);
        return outbox.append(EventType.SCHEMA_OWNERSHIP_CHANGED, changed.key(), changed.key(), changed);
    }

    private static Uni<Team> team(String teamId) {
        return Team.<Team>findById(teamId).map(team -> {
            if (team == null) {
                throw ProblemException.notFound("no team " + teamId);
            }
            return team;
        });
    }

    private void checkTarget(String database, String schema) {
        if (!intake.targetDatabases().contains(database)) {
            throw ProblemException.invalidField(
                    "database", "unknown target database; known: " + intake.targetDatabases());
        }
        check(schema, Limits.IDENTIFIER, "schema", Limits.IDENTIFIER_MESSAGE);
    }

    private static Set<Role> roles(List<String> roles) {
        if (roles == null || roles.isEmpty()) {
            throw ProblemException.invalidField("roles", "give at least one of " + List.of(Role.values()));
        }
        Set<Role> set = EnumSet.noneOf(Role.class);
        for (String role : roles) {
            try {
                set.add(Role.valueOf(role));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw ProblemException.invalidField(
                        "roles", "unknown role '" + role + "'; one of " + List.of(Role.values()));
            }
        }
        return set;
    }

    private static void check(String value, String pattern, String field, String expected) {
        if (value == null || !value.matches(pattern)) {
            throw ProblemException.invalidField(field, "must be " + expected);
        }
    }

    private static TeamView view(Team team) {
        return new TeamView(team.id, team.name, team.reviewer);
    }

    private static MemberView view(Member member) {
        return new MemberView(
                member.id.toString(),
                member.username,
                member.teamId,
                member.displayName,
                member.roleSet().stream().map(Enum::name).toList());
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
