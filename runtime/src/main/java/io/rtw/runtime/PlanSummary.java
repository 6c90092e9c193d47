package io.rtw.runtime;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a job's plan does, read from Flink's EXPLAIN text: the tables it reads and looks up, how many aggregations
 * it runs, the tables it writes and the planner's advice, in a few lines above the plan.
 */
final class PlanSummary {

    static final String EXECUTION_PLAN = "== Optimized Execution Plan ==";
    private static final String DEFAULT_PREFIX = "default_catalog.default_database.";
    private static final Pattern TREE = Pattern.compile("^[\\s:+|-]*");
    private static final Pattern SCAN = Pattern.compile("^TableSourceScan\\(table=\\[\\[([^,\\]]+), ([^,\\]]+), ([^,\\]]+)");
    private static final Pattern LOOKUP = Pattern.compile("^LookupJoin\\(table=\\[([^\\]]+)]");
    private static final Pattern SINK = Pattern.compile("^Sink\\(table=\\[([^\\]]+)]");
    /**
     * One aggregation: its global, final or only phase (a local pre-aggregation belongs to the same one), of a window
     * or not, on either runtime: GlobalWindowAggregate, WindowAggregate, GroupAggregate, SortAggregate, HashAggregate...
     */
    private static final Pattern AGGREGATE = Pattern.compile("^(?!Local)\\w*Aggregate\\(");

    private final Set<String> reads = new LinkedHashSet<>();
    private final Set<String> lookups = new LinkedHashSet<>();
    private final Set<String> writes = new LinkedHashSet<>();
    private final List<String> advice = new ArrayList<>();
    private int aggregates;

    private PlanSummary() {}

    /** Reads Flink's EXPLAIN output (with or without plan advice); the execution plan section must be in it. */
    static PlanSummary of(String explain) {
        int execution = explain.indexOf(EXECUTION_PLAN);
        if (execution < 0) {
            throw new IllegalArgumentException("no '" + EXECUTION_PLAN + "' section in the plan");
        }
        PlanSummary s = new PlanSummary();
        for (String line : explain.substring(0, execution).split("\n")) {
            if (line.startsWith("advice[")) {
                s.advice.add(line.strip());
            }
        }
        // The execution plan shows a node that several sinks share once, and a Reused(...) line where it is shared.
        for (String line : executionPlan(explain).split("\n")) {
            String node = TREE.matcher(line).replaceFirst("");
            Matcher m;
            if ((m = SCAN.matcher(node)).find()) {
                s.reads.add(shortName(m.group(1) + "." + m.group(2) + "." + m.group(3)));
            } else if ((m = LOOKUP.matcher(node)).find()) {
                s.lookups.add(shortName(m.group(1)));
            } else if ((m = SINK.matcher(node)).find()) {
                s.writes.add(shortName(m.group(1)));
            } else if (AGGREGATE.matcher(node).find()) {
                s.aggregates++;
            }
        }
        return s;
    }

    /** The execution plan section of Flink's EXPLAIN output, from its title to the end. */
    static String executionPlan(String explain) {
        return explain.substring(explain.indexOf(EXECUTION_PLAN));
    }

    /** The summary as SQL comment lines, each ending with a line break. */
    String text(String heading) {
        StringBuilder b = new StringBuilder("-- ").append(heading).append('\n');
        b.append("-- reads:             ").append(list(reads)).append('\n');
        b.append("-- looks up:          ").append(list(lookups)).append('\n');
        b.append("-- aggregations:      ").append(aggregates).append('\n');
        b.append("-- writes:            ").append(list(writes)).append('\n');
        if (advice.isEmpty()) {
            b.append("-- planner advice:    none\n");
        } else {
            advice.forEach(a -> b.append("-- planner ").append(a).append('\n'));
        }
        return b.toString();
    }

    private static String list(Set<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    /** A table of Flink's default catalog and database by its own name, any other by its full name. */
    private static String shortName(String name) {
        return name.startsWith(DEFAULT_PREFIX) ? name.substring(DEFAULT_PREFIX.length()) : name;
    }
}
