package com.logicore.dbp.export.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicore.dbp.events.EventJson;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes exports past their manifest's {@code expiresAt}: the data files first, then the purge is announced, then
 * the manifest goes. An interrupted purge (or one whose announcement failed) keeps its manifest, so the next round
 * finishes it rather than leaving files no manifest accounts for or a purge nobody was told about.
 */
public final class ExpiredExports {

    /** An export whose files were purged. */
    public record Purged(String requestId, Instant expiredAt, int files) {}

    /** Told of each purge after its files are gone and before its manifest is; a failure keeps the manifest. */
    public interface Announcer {
        void purged(Purged export) throws Throwable;
    }

    private ExpiredExports() {}

    /** Purges what expired before {@code now}; returns the purged exports. */
    public static List<Purged> purge(Path exports, Instant now, Announcer announcer) throws Throwable {
        List<Purged> purged = new ArrayList<>();
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
                int files = 0;
                for (JsonNode file : manifest.path("files")) {
                    String name = file.path("name").asText("");
                    // names come from our own manifests; refuse anything that is not a plain file name anyway
                    if (name.matches("[0-9a-f]{32}\\.[a-z.]+")) {
                        Files.deleteIfExists(exports.resolve(name));
                        files++;
                    }
                }
                Purged export = new Purged(manifest.path("requestId").asText(), expires, files);
                announcer.purged(export);
                Files.delete(manifestFile);
                purged.add(export);
            }
        }
        return purged;
    }
}
