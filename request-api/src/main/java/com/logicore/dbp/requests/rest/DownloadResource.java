package com.logicore.dbp.requests.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicore.dbp.events.RequestType;
import com.logicore.dbp.requests.auth.CallerContext;
import com.logicore.dbp.requests.exports.DownloadLinks;
import com.logicore.dbp.requests.rest.problem.ProblemException;
import com.logicore.dbp.requests.service.RequestQueries;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Downloads of finished exports, step one: the requesting team asks for a signed, expiring link to a file its
 * request's manifest lists ({@link SignedDownloadResource} serves it).
 */
@Path("/api/v1/requests/{id}/download")
public class DownloadResource {

    private final RequestQueries queries;
    private final CallerContext callers;
    private final DownloadLinks links;

    public DownloadResource(RequestQueries queries, CallerContext callers, DownloadLinks links) {
        this.queries = queries;
        this.callers = callers;
        this.links = links;
    }

    /** A link to download. */
    public record DownloadLink(String url, Instant expiresAt, String file, long bytes, String sha256) {}

    @GET
    @Operation(
            summary = "A signed, expiring link to a finished export (the requesting team only)",
            description = "Answers 303 See Other to the link, with the link in the body too; `file` picks one file of a"
                    + " multi-file export (default: the first). Follow it with `curl -L`.")
    public Uni<Response> link(@PathParam("id") String id, @QueryParam("file") String file, UriInfo uri) {
        if (!links.enabled()) {
            throw new ProblemException(
                    503,
                    "downloads-unavailable",
                    "Downloads unavailable",
                    "no dbp.downloads.signing-key is configured",
                    null);
        }
        var caller = callers.caller();
        return queries.get(caller, uuid(id)).map(request -> {
            if (!request.team().equals(caller.teamId())) {
                throw ProblemException.forbidden(
                        "exports are downloaded by the requesting team (" + request.team() + ") only");
            }
            JsonNode entry = fileOf(request.type(), request.state(), request.result(), file);
            String name = entry.path("name").asText();
            var link = links.sign(id, name);
            URI location = uri.getBaseUriBuilder()
                    .path(link.path().substring(1, link.path().indexOf('?')))
                    .replaceQuery(link.path().substring(link.path().indexOf('?') + 1))
                    .build();
            return Response.seeOther(location)
                    .type(MediaType.APPLICATION_JSON)
                    .entity(new DownloadLink(
                            location.toString(),
                            link.expiresAt(),
                            name,
                            entry.path("bytes").asLong(),
                            entry.path("sha256").asText()))
                    .build();
        });
    }

    /** The manifest entry of the requested file of a finished export. */
    private static JsonNode fileOf(String type, String state, JsonNode result, String file) {
        if (!RequestType.DATA_EXPORT.name().equals(type)) {
            throw ProblemException.badRequest("not-an-export", "only DATA_EXPORT requests have downloads", null);
        }
        if (!"SUCCEEDED".equals(state) || result == null) {
            throw ProblemException.conflict("export-not-ready", "the export is " + state + "; it has no file yet");
        }
        JsonNode files = result.path("manifest").path("files");
        if (files.isEmpty()) {
            throw ProblemException.conflict("export-not-ready", "the export's result lists no file");
        }
        if (Instant.parse(result.path("manifest").path("expiresAt").asText(Instant.MAX.toString()))
                .isBefore(Instant.now())) {
            throw new ProblemException(
                    410,
                    "export-gone",
                    "Export gone",
                    "the export expired at "
                            + result.path("manifest").path("expiresAt").asText() + "; submit the DATA_EXPORT again",
                    null);
        }
        for (JsonNode entry : files) {
            if (file == null || file.equals(entry.path("name").asText())) {
                return entry;
            }
        }
        throw ProblemException.invalidField("file", "not a file of this export");
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no request " + id);
        }
    }
}
