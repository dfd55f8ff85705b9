package com.logicore.dbp.monitoring.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicore.dbp.events.EventJson;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PlanAnalysisTest {

    @Test
    void equalityColumnsComeBeforeRangeColumns() {
        assertThat(PlanAnalysis.filterColumns(
                        "((weight_kg > 10.0) AND (status = 'failed'::text) AND (postal_code = '10115'::text))"))
                .containsExactly("status", "postal_code", "weight_kg");
        assertThat(PlanAnalysis.filterColumns("(customer_email ~~ '%@example.org'::text)"))
                .containsExactly("customer_email");
    }

    @Test
    void seqScansSpillsAndMisestimatesAreFoundInTheJsonPlan() {
        String plan =
                """
                [{"Plan": {"Node Type": "Sort", "Total Cost": 9000.5, "Plan Rows": 500, "Plan Width": 40,
                  "Sort Key": ["created_at"], "Sort Space Type": "Disk", "Sort Space Used": 5120,
                  "Actual Rows": 40000, "Actual Loops": 1,
                  "Plans": [{"Node Type": "Seq Scan", "Relation Name": "deliveries", "Schema": "deliveries",
                    "Plan Rows": 500, "Filter": "(status = 'failed'::text)", "Actual Rows": 40000, "Actual Loops": 1}]}}]
                """;
        JsonNode json = EventJson.read(plan.getBytes(StandardCharsets.UTF_8), JsonNode.class);
        var analysis = PlanAnalysis.of(json, 10, 4 * 1024 * 1024);
        assertThat(analysis.totalCost()).isEqualTo(9000.5);
        assertThat(analysis.nodeTypes()).containsExactly("Sort", "Seq Scan");
        assertThat(analysis.seqScans()).singleElement().satisfies(scan -> {
            assertThat(scan.table()).isEqualTo("deliveries");
            assertThat(scan.columns()).containsExactly("status");
        });
        assertThat(analysis.findings())
                .extracting(PlanAnalysis.PlanFinding::code)
                .containsExactly("plan.sort-spill", "plan.misestimate", "plan.misestimate");
    }
}
