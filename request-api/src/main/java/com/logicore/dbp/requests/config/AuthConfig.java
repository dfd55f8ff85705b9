package com.logicore.dbp.requests.config;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** Authentication settings. */
@ConfigMapping(prefix = "dbp.auth")
public interface AuthConfig {

    /**
     * Bootstrap token with the ADMIN role, to create the first teams and tokens. Leave unset once real admins exist.
     * Never logged.
     */
    Optional<String> adminToken();
}
