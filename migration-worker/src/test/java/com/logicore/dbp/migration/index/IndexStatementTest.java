package com.logicore.dbp.migration.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.logicore.dbp.events.request.CreateIndexPayload;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndexStatementTest {

    @Test
    void writesAConcurrentIndexWithAGeneratedName() {
        var statement = IndexStatement.of(
                "routing", new CreateIndexPayload("stops", List.of("route_id", "seq"), false, null, null, null));
        assertThat(statement.name()).isEqualTo("stops_route_id_seq_idx");
        assertThat(statement.sql())
                .isEqualTo(
                        "CREATE INDEX CONCURRENTLY \"stops_route_id_seq_idx\" ON \"routing\".\"stops\" USING btree (\"route_id\", \"seq\")");
    }

    @Test
    void uniquePartialIndexKeepsItsGivenName() {
        var statement = IndexStatement.of(
                "deliveries",
                new CreateIndexPayload(
                        "deliveries",
                        List.of("tracking_number"),
                        true,
                        "hash",
                        "status <> 'returned'",
                        "deliveries_open_tracking"));
        assertThat(statement.sql())
                .startsWith("CREATE UNIQUE INDEX CONCURRENTLY \"deliveries_open_tracking\"")
                .contains("USING hash")
                .endsWith("WHERE status <> 'returned'");
    }

    @Test
    void longNamesStayWithinPostgresLimitAndStable() {
        var index = new CreateIndexPayload(
                "a_rather_long_table_name_for_testing",
                List.of("first_long_column_name", "second_long_column_name"),
                false,
                null,
                null,
                null);
        String name = IndexStatement.generatedName(index);
        assertThat(name).hasSizeLessThanOrEqualTo(63).isEqualTo(IndexStatement.generatedName(index));
    }
}
