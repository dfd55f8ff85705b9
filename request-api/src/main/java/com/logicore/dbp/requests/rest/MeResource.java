package com.logicore.dbp.requests.rest;

import com.logicore.dbp.requests.auth.CallerContext;
import com.logicore.dbp.requests.rest.dto.AdminViews;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Who am I: lets a CLI or CI job check its token. */
@Path("/api/v1/me")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    private final CallerContext callers;

    public MeResource(CallerContext callers) {
        this.callers = callers;
    }

    @GET
    @Operation(summary = "The caller's identity, team and roles")
    public AdminViews.Me me() {
        var caller = callers.caller();
        return new AdminViews.Me(
                caller.username(),
                caller.teamId(),
                caller.roles().stream().map(Enum::name).sorted().toList(),
                caller.seesAllTeams());
    }
}
