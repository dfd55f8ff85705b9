package com.logicore.dbp.testkit.redis;

import java.util.concurrent.ThreadLocalRandom;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * Isolates one test run on the shared local Redis by a key prefix: services map every key they use under it (see
 * {@code dbp.redis.key-prefix}), and {@link #close()} deletes whatever the run left behind.
 */
public final class RedisIsolation implements AutoCloseable {

    private final String url;
    private final String keyPrefix;

    private RedisIsolation(String url, String keyPrefix) {
        this.url = url;
        this.keyPrefix = keyPrefix;
    }

    /** Uses {@code DBP_TEST_REDIS_URL}, default {@code redis://127.0.0.1:6379}. */
    public static RedisIsolation start() {
        String url = System.getenv().getOrDefault("DBP_TEST_REDIS_URL", "redis://127.0.0.1:6379");
        String prefix = "dbpt-" + Long.toHexString(System.currentTimeMillis()) + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff)) + ":";
        return new RedisIsolation(url, prefix);
    }

    public String url() {
        return url;
    }

    public String keyPrefix() {
        return keyPrefix;
    }

    /** Keys currently stored under this run's prefix. */
    public long keyCount() {
        return withClient(client ->
                client.getKeys().getKeysStreamByPattern(keyPrefix + "*").count());
    }

    @Override
    public void close() {
        withClient(client -> client.getKeys().deleteByPattern(keyPrefix + "*"));
    }

    private <T> T withClient(java.util.function.Function<RedissonClient, T> action) {
        Config config = new Config();
        config.useSingleServer().setAddress(url).setConnectionMinimumIdleSize(1).setConnectionPoolSize(2);
        RedissonClient client = Redisson.create(config);
        try {
            return action.apply(client);
        } finally {
            client.shutdown();
        }
    }
}
