package com.logicore.dbp.export.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicore.dbp.events.EventJson;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes exports past their manifest's {@code expiresAt}: the data files first, the manifest last, so an
 * interrupted purge is finished by the next one rather than leaving files no manifest accounts for.
 */
public final class ExpiredExports {

    private ExpiredExports() {}

    /** Purges what expired before {@code now}; returns the request ids of the purged exports. */
    public static List<String> purge(Path exports, Instant now) throws IOException {
        List<String> purged = new ArrayList<>();
        if (!Files.isDirectory(exports)) {
            return purged;
        }
        try (DirectoryStream<Path> manifests = Files.newDirectoryStream(exports, "*.manifest.json")) {
            for (Path manifestFile : manifests) {
                JsonNode manifest = EventJson.mapper().readTree(manifestFile.toFile());
                Instant expires = Instant.parse(manifest.path("expiresAt").asText(Instant.MAX.toString()));
                if (!expires.isBefore(now)) {
                    continue;
                }
                for (JsonNode file : manifest.path("files")) {
                    String name = file.path("name").asText("");
                    // names come from our own manifests; refuse anything that is not a plain file name anyway
                    if (name.matches("[0-9a-f]{32}\\.[a-z.]+")) {
                        Files.deleteIfExists(exports.resolve(name));
                    }
                }
                Files.delete(manifestFile);
                purged.add(manifest.path("requestId").asText());
            }
        }
        return purged;
    }
}
