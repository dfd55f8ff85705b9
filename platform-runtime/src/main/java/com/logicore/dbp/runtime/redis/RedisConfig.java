package com.logicore.dbp.runtime.redis;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Where Redis is and how this service uses it. */
@ConfigMapping(prefix = "dbp.redis")
public interface RedisConfig {

    /** Redis address, {@code redis://host:port} (or {@code rediss://} for TLS). */
    @WithDefault("redis://127.0.0.1:6379")
    String url();

    /** Redis password; none by default. */
    Optional<String> password();

    /** Database index. */
    @WithDefault("0")
    int database();

    /**
     * Prefix of every key this service writes, so several platforms (or test runs) can share one Redis without
     * seeing each other's locks and caches.
     */
    @WithDefault("dbp:")
    String keyPrefix();

    /** Connections kept open to Redis. */
    @WithDefault("8")
    int connectionPoolSize();

    /** How long a readiness ping may take before Redis is reported down. */
    @WithDefault("2s")
    Duration pingTimeout();
}
