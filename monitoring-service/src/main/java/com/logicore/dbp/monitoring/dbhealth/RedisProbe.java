package com.logicore.dbp.monitoring.dbhealth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.events.payload.HealthFinding;
import com.logicore.dbp.events.payload.HealthFinding.Severity;
import com.logicore.dbp.monitoring.config.MonitoringConfig;
import com.logicore.dbp.runtime.redis.RedisConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * Redis health: the hit rate over the probe interval (keyspace hits and misses since the previous sample), memory
 * and evictions.
 */
@ApplicationScoped
public class RedisProbe {

    static final String PROBE = "redis";

    private final MonitoringConfig.Probes config;
    private final String url;
    private final FindingStore store;

    public RedisProbe(MonitoringConfig config, RedisConfig redis, FindingStore store) {
        this.config = config.probes();
        this.url = config.probes().redisUrl().orElse(redis.url());
        this.store = store;
    }

    public List<HealthFinding> probe() throws IOException {
        Instant now = Instant.now();
        Map<String, String> info = RedisInfo.read(url);
        long hits = number(info, "keyspace_hits");
        long misses = number(info, "keyspace_misses");
        long evicted = number(info, "evicted_keys");
        long used = number(info, "used_memory");
        long max = number(info, "maxmemory");
        URI uri = URI.create(url);
        String resource = "redis:" + uri.getHost() + ":" + (uri.getPort() < 0 ? 6379 : uri.getPort());
        String sampleKey = "redis|" + resource;
        Document previous = store.lastSample(sampleKey);
        store.saveSample(
                sampleKey,
                new Document("hits", hits)
                        .append("misses", misses)
                        .append("evicted", evicted)
                        .append("at", now.toEpochMilli()));
        List<HealthFinding> findings = new ArrayList<>();
        if (previous == null) {
            return findings; // the first sample only sets the baseline for the interval
        }
        long dHits = Math.max(0, hits - previous.getLong("hits"));
        long dMisses = Math.max(0, misses - previous.getLong("misses"));
        long dEvicted = Math.max(0, evicted - previous.getLong("evicted"));
        long seconds = Math.max(1, (now.toEpochMilli() - previous.getLong("at")) / 1000);
        long lookups = dHits + dMisses;
        ObjectNode metrics = EventJson.mapper().createObjectNode();
        metrics.put("hits", dHits);
        metrics.put("misses", dMisses);
        metrics.put("intervalSeconds", seconds);
        metrics.put("evictedKeys", dEvicted);
        metrics.put("usedMemoryBytes", used);
        metrics.put("maxMemoryBytes", max);
        if (lookups >= config.redisMinLookups()) {
            double rate = (double) dHits / lookups;
            metrics.put("hitRate", Math.round(rate * 1000) / 1000.0);
            if (rate < config.redisHitRateThreshold()) {
                findings.add(new HealthFinding(
                        "redis.hit-rate",
                        resource,
                        null,
                        rate < config.redisHitRateThreshold() / 2 ? Severity.CRITICAL : Severity.WARNING,
                        String.format(
                                "cache hit rate %.0f %% over the last %d s (%d hits, %d misses) is below %.0f %%."
                                        + " Usual causes: TTLs shorter than the reuse interval, keys that embed"
                                        + " request-unique values (timestamps, ids) so nothing is read twice, caching"
                                        + " on write of data that is never read back, evictions from a too small"
                                        + " maxmemory (%d keys evicted in the interval), or lookups of keys that"
                                        + " never exist (cache the negative result)",
                                rate * 100, seconds, dHits, dMisses, config.redisHitRateThreshold() * 100, dEvicted),
                        metrics,
                        now));
            }
        }
        if (dEvicted > 0 || (max > 0 && used > max * 0.9)) {
            findings.add(new HealthFinding(
                    "redis.memory",
                    resource,
                    null,
                    Severity.WARNING,
                    String.format(
                            "Redis uses %d MB of %s and evicted %d keys in the last %d s: raise maxmemory or"
                                    + " shorten TTLs of large values",
                            used / 1_048_576, max == 0 ? "unlimited" : (max / 1_048_576) + " MB", dEvicted, seconds),
                    metrics,
                    now));
        }
        return findings;
    }

    private static long number(Map<String, String> info, String field) {
        String value = info.get(field);
        return value == null ? 0 : Long.parseLong(value.trim());
    }
}
