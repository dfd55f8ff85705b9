package com.logicore.dbp.monitoring.rest;

import com.logicore.dbp.events.payload.HealthFinding;
import com.logicore.dbp.monitoring.dbhealth.FindingStore;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The current database health findings. */
@Path("/api/v1/health-findings")
public class HealthFindingsResource {

    private final FindingStore store;

    public HealthFindingsResource(FindingStore store) {
        this.store = store;
    }

    @GET
    @Blocking
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Current health findings",
            description = "Filters: team, kind (e.g. postgres.slow-statement, or a prefix ending in '.' such as"
                    + " postgres.), severity (INFO, WARNING, CRITICAL).")
    public List<HealthFinding> findings(
            @QueryParam("team") String team, @QueryParam("kind") String kind, @QueryParam("severity") String severity) {
        String level = null;
        if (severity != null) {
            try {
                level = HealthFinding.Severity.valueOf(severity.toUpperCase(Locale.ROOT))
                        .name();
            } catch (IllegalArgumentException e) {
                throw new BadInput("severity", "must be one of INFO, WARNING, CRITICAL, got '" + severity + "'");
            }
        }
        return store.find(team, kind, level);
    }
}
