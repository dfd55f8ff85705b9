package com.logicore.dbp.requests.exports;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Where finished exports are and how their download links are signed. */
@ConfigMapping(prefix = "dbp.downloads")
public interface DownloadConfig {

    /** The export store the export-worker writes to (its {@code dbp.export.store}); files are under {@code exports/}. */
    @WithDefault(".dbp/data/exports")
    String store();

    /** Key of the HMAC that signs download links; without one downloads are unavailable (503). */
    Optional<String> signingKey();

    /** How long a signed link stays valid. */
    @WithDefault("15m")
    Duration linkTtl();
}
