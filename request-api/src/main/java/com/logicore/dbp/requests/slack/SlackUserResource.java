package com.logicore.dbp.requests.slack;

import com.logicore.dbp.requests.auth.CallerContext;
import com.logicore.dbp.requests.auth.Role;
import com.logicore.dbp.requests.rest.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Admin: which Slack user is which platform member (an unlinked Slack user can do nothing in Slack). */
@Path("/api/v1/admin/slack-users")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "token")
public class SlackUserResource {

    /** The body of PUT: the platform member's username. */
    public record LinkBody(String username) {}

    private final CallerContext callers;
    private final SlackIdentities identities;

    public SlackUserResource(CallerContext callers, SlackIdentities identities) {
        this.callers = callers;
        this.identities = identities;
    }

    @PUT
    @Path("/{slackUserId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Link a Slack user to a platform member (ADMIN)")
    public Uni<SlackIdentities.LinkView> link(@PathParam("slackUserId") String slackUserId, LinkBody body) {
        callers.requireRole(Role.ADMIN);
        return identities.link(slackUserId, body == null ? null : body.username());
    }

    @GET
    @Operation(summary = "Every Slack user link (ADMIN)")
    public Uni<List<SlackIdentities.LinkView>> links() {
        callers.requireRole(Role.ADMIN);
        return identities.links();
    }

    @DELETE
    @Path("/{slackUserId}")
    @Operation(summary = "Unlink a Slack user (ADMIN)")
    public Uni<Response> unlink(@PathParam("slackUserId") String slackUserId) {
        callers.requireRole(Role.ADMIN);
        return identities.unlink(slackUserId).map(deleted -> {
            if (!deleted) {
                throw ProblemException.notFound("no link for Slack user " + slackUserId);
            }
            return Response.noContent().build();
        });
    }
}
