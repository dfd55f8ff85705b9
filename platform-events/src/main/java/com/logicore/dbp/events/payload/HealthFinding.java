package com.logicore.dbp.events.payload;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A database health probe noticed something ops or a team should act on. Travels on {@code dbp.health} keyed by
 * {@code resource}; the latest finding per {@code kind} and {@code resource} is the current state.
 *
 * @param kind stable identifier, e.g. {@code postgres.slow-statement}, {@code redis.hit-rate}, {@code mongo.growth}
 * @param resource what it is about, e.g. {@code postgres:logicore/deliveries.deliveries} or {@code redis:6379}
 * @param team the owning team when known (from the schema owner role {@code team_<team>}), else {@code null}
 * @param severity how urgent it is
 * @param message what was observed and what usually causes it or fixes it
 * @param metrics the measured figures (mean time, calls, hit rate, size...), never {@code null}
 * @param observedAt when the probe measured it
 */
public record HealthFinding(
        String kind,
        String resource,
        String team,
        Severity severity,
        String message,
        JsonNode metrics,
        Instant observedAt)
        implements EventPayload {

    /** How urgent a health finding is. */
    public enum Severity {
        INFO,
        WARNING,
        CRITICAL
    }
}
