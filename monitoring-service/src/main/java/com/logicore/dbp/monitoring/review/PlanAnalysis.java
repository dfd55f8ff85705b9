package com.logicore.dbp.monitoring.review;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an {@code EXPLAIN (FORMAT JSON)} plan: its cost and rows, the sequential scans with the columns they filter
 * on, sorts that spill (or are estimated to), and row misestimates when the plan was ANALYZEd. Pure: no database.
 */
public final class PlanAnalysis {

    // A column compared in a filter: "(status = 'x'::text)", "(weight_kg > 10.0)", "(postal_code ~~ '10%'::text)"
    private static final Pattern COMPARED =
            Pattern.compile("\\(\"?([a-z_][a-z0-9_]*)\"?(?:\\)::[a-z ]+)? (=|<>|<|>|<=|>=|~~|~~\\*|IS|= ANY)");

    /** A sequential scan on a table. */
    public record SeqScan(String schema, String table, double planRows, String filter, List<String> columns) {}

    /** A problem in the plan, worded for the requester. */
    public record PlanFinding(String code, String message) {}

    private final JsonNode root;
    private final List<SeqScan> seqScans = new ArrayList<>();
    private final List<PlanFinding> findings = new ArrayList<>();

    private PlanAnalysis(JsonNode root) {
        this.root = root;
    }

    /** @param explain the JSON array EXPLAIN returns */
    public static PlanAnalysis of(JsonNode explain, double misestimateFactor, long workMemBytes) {
        JsonNode plan = explain.get(0).get("Plan");
        var analysis = new PlanAnalysis(plan);
        analysis.walk(plan, misestimateFactor, workMemBytes);
        return analysis;
    }

    public double totalCost() {
        return root.path("Total Cost").asDouble();
    }

    public double planRows() {
        return root.path("Plan Rows").asDouble();
    }

    public String topNode() {
        return root.path("Node Type").asText();
    }

    public List<SeqScan> seqScans() {
        return seqScans;
    }

    public List<PlanFinding> findings() {
        return findings;
    }

    /** Node types from the top down, e.g. [Gather, Seq Scan]. */
    public List<String> nodeTypes() {
        List<String> types = new ArrayList<>();
        collect(root, types);
        return types;
    }

    private void collect(JsonNode node, List<String> types) {
        types.add(node.path("Node Type").asText());
        for (JsonNode child : node.path("Plans")) {
            collect(child, types);
        }
    }

    private void walk(JsonNode node, double misestimateFactor, long workMemBytes) {
        String type = node.path("Node Type").asText();
        if (type.equals("Seq Scan") && node.hasNonNull("Relation Name")) {
            String filter = node.path("Filter").asText(null);
            seqScans.add(new SeqScan(
                    node.path("Schema").asText(null),
                    node.get("Relation Name").asText(),
                    node.path("Plan Rows").asDouble(),
                    filter,
                    filter == null ? List.of() : filterColumns(filter)));
        }
        if (type.equals("Sort")) {
            if ("Disk".equals(node.path("Sort Space Type").asText(null))) {
                findings.add(new PlanFinding(
                        "plan.sort-spill",
                        "the sort on " + node.path("Sort Key") + " spilled to disk ("
                                + node.path("Sort Space Used").asLong() + " kB): add an index matching the ORDER BY"
                                + " or raise work_mem for this query"));
            } else if (!node.has("Actual Rows")) {
                long bytes = node.path("Plan Rows").asLong()
                        * node.path("Plan Width").asLong();
                if (bytes > workMemBytes) {
                    findings.add(new PlanFinding(
                            "plan.sort-may-spill",
                            String.format(
                                    "the sort on %s is estimated at %d kB, more than work_mem (%d kB): it will likely"
                                            + " spill to disk; an index matching the ORDER BY avoids the sort",
                                    node.path("Sort Key"), bytes / 1024, workMemBytes / 1024)));
                }
            }
        }
        if (node.has("Actual Rows")) {
            double estimated = Math.max(1, node.path("Plan Rows").asDouble());
            double actual = Math.max(
                    1,
                    node.path("Actual Rows").asDouble()
                            * Math.max(1, node.path("Actual Loops").asDouble()));
            double ratio = Math.max(estimated / actual, actual / estimated);
            if (ratio >= misestimateFactor) {
                findings.add(new PlanFinding(
                        "plan.misestimate",
                        String.format(
                                "%s%s estimated %.0f rows but found %.0f (%.0fx off): statistics are stale or the"
                                        + " columns are correlated — ANALYZE the table or create extended statistics",
                                type,
                                node.hasNonNull("Relation Name")
                                        ? " on " + node.get("Relation Name").asText()
                                        : "",
                                estimated,
                                actual,
                                ratio)));
            }
        }
        for (JsonNode child : node.path("Plans")) {
            walk(child, misestimateFactor, workMemBytes);
        }
    }

    /** Columns a filter compares, equality comparisons first (the order a btree index should have them in). */
    static List<String> filterColumns(String filter) {
        Set<String> equality = new LinkedHashSet<>();
        Set<String> other = new LinkedHashSet<>();
        Matcher m = COMPARED.matcher(filter);
        while (m.find()) {
            (m.group(2).equals("=") || m.group(2).equals("= ANY") ? equality : other).add(m.group(1));
        }
        List<String> columns = new ArrayList<>(equality);
        other.stream().filter(c -> !equality.contains(c)).forEach(columns::add);
        return columns;
    }
}
