package com.logicore.dbp.requests.rest;

import com.logicore.dbp.events.RequestType;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Lists what can be requested, so CLIs, CI scripts and the Slack bot can offer it without hard-coding. */
@Path("/api/v1/request-types")
@Produces(MediaType.APPLICATION_JSON)
public class RequestTypeResource {

    /** One request type and the service that executes it. */
    public record RequestTypeView(String type, String executedBy) {}

    @GET
    @Operation(summary = "The request types the platform accepts")
    public List<RequestTypeView> list() {
        return Arrays.stream(RequestType.values())
                .map(t -> new RequestTypeView(
                        t.name(), t.executor().name().toLowerCase().replace('_', '-')))
                .toList();
    }
}
