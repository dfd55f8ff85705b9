package com.logicore.dbp.export.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expired exports disappear with their manifest; current ones stay. */
class ExpiredExportsTest {

    @TempDir
    Path exports;

    @Test
    void purgesOnlyWhatExpired() throws Exception {
        export("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "r-old", "2026-01-01T00:00:00Z");
        export("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "r-new", "2099-01-01T00:00:00Z");

        var purged = ExpiredExports.purge(exports, Instant.parse("2026-06-01T00:00:00Z"));

        assertThat(purged).containsExactly("r-old");
        assertThat(exports.resolve("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.csv.gz")).doesNotExist();
        assertThat(exports.resolve("m-r-old.manifest.json")).doesNotExist();
        assertThat(exports.resolve("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.csv.gz")).exists();
        assertThat(exports.resolve("m-r-new.manifest.json")).exists();
    }

    private void export(String name, String requestId, String expiresAt) throws Exception {
        Files.writeString(exports.resolve(name + ".csv.gz"), "data");
        Files.writeString(
                exports.resolve("m-" + requestId + ".manifest.json"),
                "{\"requestId\":\"" + requestId + "\",\"expiresAt\":\"" + expiresAt + "\",\"files\":[{\"name\":\""
                        + name + ".csv.gz\"}]}");
    }
}
