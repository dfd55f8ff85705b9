package com.logicore.dbp.export.masking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.logicore.dbp.events.EventJson;
import com.logicore.dbp.export.masking.MaskingViewGenerator.Column;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Masking views are generated from the directives; a catalog out of step with the table fails closed. */
class MaskingViewGeneratorTest {

    private static final List<Column> DRIVERS = List.of(
            new Column("id", "bigint"),
            new Column("name", "text"),
            new Column("phone", "text"),
            new Column("email", "text"));

    @Test
    void catalogedColumnsAreMaskedAndTheRestPassThrough() throws Exception {
        var directives = EventJson.mapper()
                .readTree("{\"masking\":[{\"table\":\"fleet.drivers\",\"column\":\"phone\",\"method\":\"PARTIAL\","
                        + "\"keep\":2},{\"table\":\"fleet.drivers\",\"column\":\"email\",\"method\":\"HASH\"},"
                        + "{\"table\":\"fleet.drivers\",\"column\":\"name\",\"method\":\"redact\"}]}");
        var rules = MaskingRule.fromDirectives(directives, "fleet");

        String sql = MaskingViewGenerator.createView("fleet", "drivers", DRIVERS, rules);

        assertThat(sql).startsWith("CREATE VIEW \"fleet_masked\".\"drivers\" AS SELECT \"id\", ");
        assertThat(sql).contains("'[REDACTED]' END AS \"name\"");
        assertThat(sql).contains("right(\"phone\"::text, 2)");
        assertThat(sql).contains("sha256(convert_to((SELECT salt FROM dbp_masking.salt) || \"email\"::text");
        assertThat(sql).endsWith("FROM \"fleet\".\"drivers\"");
    }

    @Test
    void aRuleForAColumnTheTableLacksFailsInsteadOfExportingUnmasked() {
        var rules = List.of(new MaskingRule("fleet", "drivers", "mobile", MaskingRule.Method.REDACT, 0));
        assertThatThrownBy(() -> MaskingViewGenerator.createView("fleet", "drivers", DRIVERS, rules))
                .hasMessageContaining("fleet.drivers.mobile");
    }

    @Test
    void identifiersInDirectivesCannotSmuggleSql() throws Exception {
        var directives = EventJson.mapper()
                .readTree("{\"masking\":[{\"table\":\"fleet.drivers\",\"column\":\"phone\\\" FROM x; --\","
                        + "\"method\":\"REDACT\"}]}");
        assertThatThrownBy(() -> MaskingRule.fromDirectives(directives, "fleet"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
