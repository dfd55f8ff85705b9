package com.logicore.dbp.migration.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Access grants: how often expired ones are revoked, and who may fetch their credentials. */
@ConfigMapping(prefix = "dbp.grants")
public interface GrantsConfig {

    /** Expired grants are looked for this often (also read by the scheduler as {@code ${dbp.grants.revoke-every}}). */
    @WithDefault("30s")
    Duration revokeEvery();

    /**
     * Bearer token request-api presents at {@code GET /internal/v1/grants/{requestId}}; without one the endpoint
     * answers 401 to everyone.
     */
    Optional<String> serviceToken();
}
