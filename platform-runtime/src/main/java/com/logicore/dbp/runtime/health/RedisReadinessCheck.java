package com.logicore.dbp.runtime.health;

import com.logicore.dbp.runtime.redis.RedisConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNodes;

/** Ready only while Redis answers a PING: locks and caches live there. */
@Readiness
@ApplicationScoped
public class RedisReadinessCheck implements HealthCheck {

    private final RedissonClient redisson;
    private final RedisConfig config;

    public RedisReadinessCheck(RedissonClient redisson, RedisConfig config) {
        this.redisson = redisson;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("Redis").withData("url", config.url());
        try {
            boolean up = redisson.getRedisNodes(RedisNodes.SINGLE)
                    .pingAll(config.pingTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return response.status(up).build();
        } catch (RuntimeException e) {
            return response.down()
                    .withData("error", String.valueOf(e.getMessage()))
                    .build();
        }
    }
}
