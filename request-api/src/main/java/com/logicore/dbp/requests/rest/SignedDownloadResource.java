package com.logicore.dbp.requests.rest;

import com.logicore.dbp.requests.exports.DownloadConfig;
import com.logicore.dbp.requests.exports.DownloadLinks;
import com.logicore.dbp.requests.rest.problem.ProblemException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.file.Files;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Downloads of finished exports, step two: the file behind a signed link, from the export store the export-worker
 * writes. Outside /api/: no token, the link's signature and expiry are the permission.
 */
@Path("/downloads")
public class SignedDownloadResource {

    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    private final DownloadLinks links;
    private final DownloadConfig config;

    public SignedDownloadResource(DownloadLinks links, DownloadConfig config) {
        this.links = links;
        this.config = config;
    }

    @GET
    @Path("/{id}/{file}")
    @Operation(summary = "The file behind a signed download link (no token: the link is the permission)")
    public Response download(
            @PathParam("id") String id,
            @PathParam("file") String file,
            @QueryParam("expires") long expires,
            @QueryParam("signature") String signature) {
        if (!links.enabled()) {
            throw new ProblemException(
                    503,
                    "downloads-unavailable",
                    "Downloads unavailable",
                    "no dbp.downloads.signing-key is configured",
                    null);
        }
        if (!FILE_NAME.matcher(file).matches()) {
            throw ProblemException.notFound("no such file");
        }
        links.refusal(id, file, expires, signature).ifPresent(reason -> {
            throw new ProblemException(403, "invalid-link", "Invalid download link", reason, null);
        });
        java.nio.file.Path path = java.nio.file.Path.of(config.store(), "exports", file);
        if (!Files.isRegularFile(path)) {
            throw new ProblemException(
                    410,
                    "export-gone",
                    "Export gone",
                    "the export was purged after its expiry; submit the DATA_EXPORT again",
                    null);
        }
        return Response.ok(path.toFile(), MediaType.APPLICATION_OCTET_STREAM)
                .header("Content-Disposition", "attachment; filename=\"" + file + "\"")
                .header("Cache-Control", "no-store")
                .build();
    }
}
