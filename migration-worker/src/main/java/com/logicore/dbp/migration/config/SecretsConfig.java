package com.logicore.dbp.migration.config;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** The key that encrypts the login secrets of roles the platform creates. */
@ConfigMapping(prefix = "dbp.secrets")
public interface SecretsConfig {

    /**
     * AES-256 key, base64 (32 bytes: {@code openssl rand -base64 32}). Dev and test profiles carry a generated one;
     * without it PROVISION_SCHEMA fails rather than storing a secret unprotected.
     */
    Optional<String> key();
}
