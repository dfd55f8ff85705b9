package com.logicore.dbp.migration.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class StructureDiffTest {

    private static final SchemaStructure.Column ID = new SchemaStructure.Column("bigint", true, null);
    private static final SchemaStructure.Column ETA =
            new SchemaStructure.Column("timestamp with time zone", false, "now()");

    @Test
    void anUnchangedSchemaHasNoDifference() {
        assertThat(StructureDiff.between("routing", stops(ETA), Optional.of(stops(ETA))))
                .isEmpty();
    }

    @Test
    void eachColumnChangeIsNamedWithWhatItWasAndIs() {
        var live = stops(new SchemaStructure.Column("text", true, null));

        assertThat(StructureDiff.between("routing", stops(ETA), Optional.of(live)))
                .containsExactly(
                        "column routing.stops.eta type changed from timestamp with time zone to text",
                        "column routing.stops.eta set NOT NULL outside the platform",
                        "column routing.stops.eta default changed from now() to none");
    }

    @Test
    void anIndexMadeByHandIsReportedButTheIndexesOfADroppedTableAreNot() {
        var live = stops(ETA);
        live.indexes()
                .put(
                        "stops_eta_idx",
                        new SchemaStructure.Index(
                                "stops", "CREATE INDEX stops_eta_idx ON routing.stops USING btree (eta)"));
        var snapshot = stops(ETA);
        snapshot.tables().put("legacy", new SchemaStructure.Table("table", Map.of("id", ID)));
        snapshot.indexes().put("legacy_pkey", new SchemaStructure.Index("legacy", "CREATE UNIQUE INDEX legacy_pkey"));
        snapshot.constraints()
                .put("legacy.legacy_pkey", new SchemaStructure.Constraint("legacy", "legacy_pkey", "PRIMARY KEY (id)"));

        assertThat(StructureDiff.between("routing", snapshot, Optional.of(live)))
                .containsExactly(
                        "table routing.legacy dropped outside the platform",
                        "index routing.stops_eta_idx created outside the platform");
    }

    @Test
    void aConstraintAddedByHandIsShownWithItsDefinition() {
        var live = stops(ETA);
        live.constraints()
                .put(
                        "stops.stops_eta_check",
                        new SchemaStructure.Constraint("stops", "stops_eta_check", "CHECK ((eta > '2020-01-01'))"));

        assertThat(StructureDiff.between("routing", stops(ETA), Optional.of(live)))
                .containsExactly("constraint stops_eta_check on routing.stops added outside the platform:"
                        + " CHECK ((eta > '2020-01-01'))");
    }

    @Test
    void aDroppedSchemaIsOneDifference() {
        assertThat(StructureDiff.between("routing", stops(ETA), Optional.empty()))
                .containsExactly("schema routing dropped outside the platform");
    }

    private static SchemaStructure stops(SchemaStructure.Column eta) {
        Map<String, SchemaStructure.Column> columns = new LinkedHashMap<>();
        columns.put("id", ID);
        columns.put("eta", eta);
        var tables = new TreeMap<String, SchemaStructure.Table>();
        tables.put("stops", new SchemaStructure.Table("table", columns));
        var indexes = new TreeMap<String, SchemaStructure.Index>();
        indexes.put("stops_pkey", new SchemaStructure.Index("stops", "CREATE UNIQUE INDEX stops_pkey"));
        var constraints = new TreeMap<String, SchemaStructure.Constraint>();
        constraints.put("stops.stops_pkey", new SchemaStructure.Constraint("stops", "stops_pkey", "PRIMARY KEY (id)"));
        return new SchemaStructure(tables, indexes, constraints);
    }
}
