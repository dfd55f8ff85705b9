package com.logicore.dbp.monitoring.rest;

import com.logicore.dbp.monitoring.requests.RequestView;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The request figures behind the ops dashboard. */
@Path("/api/v1/ops")
@Produces(MediaType.APPLICATION_JSON)
public class OpsViewResource {

    private final RequestView view;

    public OpsViewResource(RequestView view) {
        this.view = view;
    }

    /** Counts by type and state, plus the approval queue oldest first. */
    public record RequestsByState(Map<String, Map<String, Integer>> counts, List<RequestView.Waiting> approvalQueue) {}

    @GET
    @Path("/requests")
    @Operation(summary = "Requests by type and state, and the approval queue with each request's age")
    public Uni<RequestsByState> requests() {
        return view.countsByTypeAndState()
                .flatMap(counts -> view.approvalQueue(200).map(queue -> new RequestsByState(counts, queue)));
    }

    @GET
    @Path("/turnaround")
    @Operation(summary = "p50/p95 turnaround (submission to terminal state) per request type, last day and week")
    public Uni<List<RequestView.Turnaround>> turnaround() {
        return view.turnaround();
    }

    @GET
    @Path("/jobs")
    @Operation(summary = "Running jobs with their latest progress")
    public Uni<List<RequestView.Running>> runningJobs() {
        return view.runningJobs(200);
    }
}
