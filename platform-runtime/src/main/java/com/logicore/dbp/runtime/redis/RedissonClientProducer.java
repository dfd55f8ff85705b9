package com.logicore.dbp.runtime.redis;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * Produces the service's one Redisson client (plain Redisson: the redisson-quarkus extension fails at shutdown on
 * this Quarkus version) and shuts it down with the application.
 */
@ApplicationScoped
public class RedissonClientProducer {

    private final RedisConfig config;

    public RedissonClientProducer(RedisConfig config) {
        this.config = config;
    }

    @Produces
    @ApplicationScoped
    RedissonClient redissonClient() {
        Config redisson = new Config();
        // Connect on first use, so a Redis outage at start makes the service not-ready instead of not-started.
        redisson.setLazyInitialization(true);
        var server = redisson.useSingleServer()
                .setAddress(config.url())
                .setDatabase(config.database())
                .setConnectionPoolSize(config.connectionPoolSize())
                .setConnectionMinimumIdleSize(1)
                .setNameMapper(new KeyPrefixNameMapper(config.keyPrefix()));
        config.password().ifPresent(server::setPassword);
        Log.infof("redis: url=%s database=%d keyPrefix=%s", config.url(), config.database(), config.keyPrefix());
        return Redisson.create(redisson);
    }

    void shutdown(@Disposes RedissonClient client) {
        client.shutdown();
    }
}
