package com.logicore.dbp.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the outbox relay publishes. */
@ConfigMapping(prefix = "dbp.outbox")
public interface OutboxConfig {

    /** The CloudEvents {@code source} of events this service writes, e.g. {@code /dbp/request-api}. */
    String source();

    /** Whether this instance runs the relay (every instance may; only one publishes at a time). */
    @WithDefault("true")
    boolean relayEnabled();

    /** Longest the relay sleeps between rounds when no commit notifies it. */
    @WithDefault("1s")
    Duration pollInterval();

    /** Most events published per relay round. */
    @WithDefault("200")
    int batchSize();

    /** How long one publish may take before the round gives up and retries later (Kafka down). */
    @WithDefault("10s")
    Duration publishTimeout();

    /** Sent events are deleted after this long. */
    @WithDefault("7d")
    Duration retention();
}
