package com.logicore.dbp.requests.auth;

import com.logicore.dbp.requests.config.AuthConfig;
import com.logicore.dbp.requests.persistence.Member;
import com.logicore.dbp.requests.persistence.Team;
import com.logicore.dbp.requests.rest.problem.ProblemException;
import com.logicore.dbp.runtime.security.BearerTokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.EnumSet;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Authenticates every {@code /api/} call by its bearer token (a team API token, or the admin bootstrap token). */
public class TokenAuthenticationFilter {

    private final AuthConfig config;
    private final CallerContext callerContext;

    public TokenAuthenticationFilter(AuthConfig config, CallerContext callerContext) {
        this.config = config;
        this.callerContext = callerContext;
    }

    @ServerRequestFilter(nonBlocking = true)
    public Uni<Response> authenticate(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/api/")) {
            return Uni.createFrom().nullItem();
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() < 8) {
            return Uni.createFrom()
                    .item(ProblemException.unauthorized("send an API token: Authorization: Bearer <token>")
                            .toResponse());
        }
        String token = header.substring(7).trim();
        if (config.adminToken().isPresent()
                && BearerTokens.sameSecret(token, config.adminToken().get())) {
            return Uni.createFrom()
                    .item(new Caller(Caller.BOOTSTRAP_ADMIN, null, EnumSet.allOf(Role.class), true))
                    .invoke(this::remember)
                    .replaceWith((Response) null);
        }
        return Panache.withSession(() -> Member.<Member>find(
                                "from Member m where m.id = (select a.memberId from ApiToken a"
                                        + " where a.tokenHash = ?1 and a.revokedAt is null)",
                                ApiTokens.hash(token))
                        .firstResult()
                        .flatMap(member -> member == null
                                ? Uni.createFrom()
                                        .<Caller>failure(ProblemException.unauthorized("unknown or revoked API token"))
                                : Team.<Team>findById(member.teamId)
                                        .map(team -> new Caller(
                                                member.username, member.teamId, member.roleSet(), team.reviewer))))
                .invoke(this::remember)
                .replaceWith((Response) null)
                .onFailure(ProblemException.class)
                .recoverWithItem(e -> ((ProblemException) e).toResponse());
    }

    private void remember(Caller caller) {
        callerContext.set(caller);
        MDC.put("caller", caller.username());
    }
}
