package com.logicore.dbp.export.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expired exports disappear with their manifest once announced; current ones stay; an unannounced purge is redone. */
class ExpiredExportsTest {

    @TempDir
    Path exports;

    @Test
    void purgesOnlyWhatExpired() throws Throwable {
        export("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "r-old", "2026-01-01T00:00:00Z");
        export("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "r-new", "2099-01-01T00:00:00Z");
        List<String> announced = new ArrayList<>();

        var purged = ExpiredExports.purge(
                exports, Instant.parse("2026-06-01T00:00:00Z"), export -> announced.add(export.requestId()));

        assertThat(purged)
                .containsExactly(new ExpiredExports.Purged("r-old", Instant.parse("2026-01-01T00:00:00Z"), 1));
        assertThat(announced).containsExactly("r-old");
        assertThat(exports.resolve("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.csv.gz")).doesNotExist();
        assertThat(exports.resolve("m-r-old.manifest.json")).doesNotExist();
        assertThat(exports.resolve("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.csv.gz")).exists();
        assertThat(exports.resolve("m-r-new.manifest.json")).exists();
    }

    @Test
    void aPurgeWhoseAnnouncementFailedKeepsItsManifestAndIsAnnouncedNextRound() throws Throwable {
        export("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "r-old", "2026-01-01T00:00:00Z");
        Instant now = Instant.parse("2026-06-01T00:00:00Z");

        assertThatThrownBy(() -> ExpiredExports.purge(exports, now, export -> {
                    throw new IllegalStateException("outbox unreachable");
                }))
                .hasMessageContaining("outbox unreachable");
        assertThat(exports.resolve("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.csv.gz")).doesNotExist();
        assertThat(exports.resolve("m-r-old.manifest.json")).exists();

        List<String> announced = new ArrayList<>();
        ExpiredExports.purge(exports, now, export -> announced.add(export.requestId()));
        assertThat(announced).containsExactly("r-old");
        assertThat(exports.resolve("m-r-old.manifest.json")).doesNotExist();
    }

    private void export(String name, String requestId, String expiresAt) throws Exception {
        Files.writeString(exports.resolve(name + ".csv.gz"), "data");
        Files.writeString(
                exports.resolve("m-" + requestId + ".manifest.json"),
                "{\"requestId\":\"" + requestId + "\",\"expiresAt\":\"" + expiresAt + "\",\"files\":[{\"name\":\""
                        + name + ".csv.gz\"}]}");
    }
}
