package com.logicore.dbp.requests.rest;

import com.logicore.dbp.requests.auth.CallerContext;
import com.logicore.dbp.requests.auth.Role;
import com.logicore.dbp.requests.rest.dto.AdminViews;
import com.logicore.dbp.requests.rest.problem.ProblemException;
import com.logicore.dbp.requests.service.AdminService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Administration: teams, members, API tokens, and which team owns which target schema (ADMIN role). */
@Path("/api/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "token")
public class AdminResource {

    private final CallerContext callers;
    private final AdminService admin;

    public AdminResource(CallerContext callers, AdminService admin) {
        this.callers = callers;
        this.admin = admin;
    }

    @PUT
    @Path("/teams/{team}")
    @Operation(summary = "Create or update a team")
    public Uni<AdminViews.TeamView> putTeam(@PathParam("team") String team, AdminViews.TeamBody body) {
        callers.requireRole(Role.ADMIN);
        return admin.putTeam(team, body == null ? null : body.name(), body == null ? null : body.reviewer());
    }

    @GET
    @Path("/teams")
    public Uni<List<AdminViews.TeamView>> teams() {
        callers.requireRole(Role.ADMIN);
        return admin.teams();
    }

    @PUT
    @Path("/teams/{team}/members/{username}")
    @Operation(summary = "Create or update a member of a team with its roles")
    public Uni<AdminViews.MemberView> putMember(
            @PathParam("team") String team, @PathParam("username") String username, AdminViews.MemberBody body) {
        callers.requireRole(Role.ADMIN);
        if (body == null) {
            throw ProblemException.invalidField("roles", "is required");
        }
        return admin.putMember(team, username, body.displayName(), body.roles());
    }

    @GET
    @Path("/teams/{team}/members")
    public Uni<List<AdminViews.MemberView>> members(@PathParam("team") String team) {
        callers.requireRole(Role.ADMIN);
        return admin.members(team);
    }

    @POST
    @Path("/members/{username}/tokens")
    @Operation(summary = "Create an API token for a member; the token is in this answer only")
    public Uni<Response> createToken(@PathParam("username") String username, AdminViews.TokenBody body) {
        callers.requireRole(Role.ADMIN);
        return admin.createToken(username, body == null ? null : body.label())
                .map(token -> Response.status(201).entity(token).build());
    }

    @DELETE
    @Path("/tokens/{id}")
    @Operation(summary = "Revoke an API token")
    public Uni<Response> revokeToken(@PathParam("id") String id) {
        callers.requireRole(Role.ADMIN);
        UUID tokenId;
        try {
            tokenId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no token " + id);
        }
        return admin.revokeToken(tokenId).replaceWith(Response.noContent().build());
    }

    @PUT
    @Path("/schemas/{database}/{schema}")
    @Operation(summary = "Assign a target schema to a team")
    public Uni<AdminViews.OwnershipView> assignSchema(
            @PathParam("database") String database, @PathParam("schema") String schema, AdminViews.OwnershipBody body) {
        callers.requireRole(Role.ADMIN);
        if (body == null || body.team() == null) {
            throw ProblemException.invalidField("team", "is required");
        }
        return admin.assignSchema(database, schema, body.team());
    }

    @DELETE
    @Path("/schemas/{database}/{schema}")
    @Operation(summary = "Release a target schema from its team")
    public Uni<Response> releaseSchema(@PathParam("database") String database, @PathParam("schema") String schema) {
        callers.requireRole(Role.ADMIN);
        return admin.releaseSchema(database, schema)
                .replaceWith(Response.noContent().build());
    }

    @GET
    @Path("/schemas")
    public Uni<List<AdminViews.OwnershipView>> schemas() {
        callers.requireRole(Role.ADMIN);
        return admin.schemas();
    }
}
