package com.logicore.dbp.migration.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SessionLimitsTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void configuredValuesUnlessPolicyOverridesThem() throws Exception {
        var defaults = SessionLimits.of(Duration.ofSeconds(5), Duration.ofMinutes(30), json.readTree("{}"));
        assertThat(defaults.initSql()).isEqualTo("SET lock_timeout = '5000ms'; SET statement_timeout = '1800000ms'");

        var overridden = SessionLimits.of(
                Duration.ofSeconds(5), Duration.ofMinutes(30), json.readTree("{\"lockTimeout\":\"2s\"}"));
        assertThat(overridden.lockTimeout()).isEqualTo("2s");
        assertThat(overridden.statementTimeout()).isEqualTo("1800000ms");
    }

    @Test
    void aDirectiveThatIsNotATimeoutIsRefused() throws Exception {
        var hostile = json.readTree("{\"lockTimeout\":\"1s'; ALTER SYSTEM SET fsync = off; --\"}");
        assertThatThrownBy(() -> SessionLimits.of(Duration.ofSeconds(5), Duration.ofMinutes(30), hostile))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lockTimeout");
    }
}
