package io.rtw.quality;

import io.rtw.meta.DefinitionException;
import io.rtw.meta.Location;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One metric's quality definition, read from {@code quality/*.yaml}: the result table with its day, time and key
 * columns, the measures and how exactly they must agree, the named sides that hold results of the metric, where
 * late records are counted, and the DQC rules.
 *
 * @param name metric name, unique in the project
 * @param table the result table, {@code catalog.database.table}
 * @param dayColumn the business-day partition column ({@code yyyy-MM-dd})
 * @param timeColumn the window end of each row (a TIMESTAMP)
 * @param keys the key columns; rows are compared per key and time
 * @param rows whether a key has a row at every window end, or only where its value changed
 * @param measures value columns, in declaration order
 * @param toleranceK how many standard errors two sketch estimates from different ids may differ by
 * @param late where the late records of the metric's source are, if anywhere
 * @param sides named results of the metric, in declaration order
 * @param compare the default pair, left then right
 * @param rules DQC rules, in declaration order
 */
record Metric(String name, String description, Location location, String table, String dayColumn, String timeColumn,
        List<String> keys, Rows rows, List<Measure> measures, double toleranceK, Optional<Late> late,
        Map<String, Side> sides, List<String> compare, List<Rule> rules) {

    /**
     * Which window ends a result has rows for. EVERY_WINDOW: each key at every window end of the day it is in, so a
     * window end one side lacks is missing there. ON_CHANGE: a key's row only where it had records; its cumulative
     * value holds until its next row, so the side without a row at a window end has its last earlier row's value
     * there (0 before its first).
     */
    enum Rows { EVERY_WINDOW, ON_CHANGE }

    /**
     * How two values of a measure must agree: exact counts (a late record adds at most one), exact sums (the late
     * records add exactly the sum of their late column), and sketch estimates.
     */
    enum Kind {
        EXACT, SUM, HLL, THETA;

        /** Whether values are compared exactly, as decimals (counts and sums), rather than as estimates. */
        boolean exact() {
            return this == EXACT || this == SUM;
        }
    }

    /**
     * A value column.
     *
     * @param lgK log2 of the sketch size (HLL lgK, Theta log2 of nominal entries)
     * @param sketchColumn the column with the sketch bytes the estimate was made from; equal bytes must give equal
     *     estimates
     * @param lateColumn for a sum: the late table's column whose values the measure sums
     */
    record Measure(String column, Kind kind, int lgK, Optional<String> sketchColumn, Optional<String> lateColumn) {
        /** The relative standard error of one estimate: 1.04/sqrt(2^lgK) for HLL, 1/sqrt(2^lgK) for Theta. */
        double relativeStandardError() {
            return switch (kind) {
                case EXACT, SUM -> 0;
                case HLL -> 1.04 / Math.sqrt(1 << lgK);
                case THETA -> 1 / Math.sqrt(1 << lgK);
            };
        }

        /** A value for people: exact kinds exactly as stored, estimates to two decimals. */
        String show(BigDecimal value) {
            if (value == null) {
                return "NULL";
            }
            if (kind.exact()) {
                return HtmlReport.num(value);
            }
            BigDecimal rounded = value.setScale(2, RoundingMode.HALF_EVEN);
            return HtmlReport.num(rounded.stripTrailingZeros().scale() <= 0 ? rounded.setScale(0) : rounded);
        }
    }

    /**
     * A named result of the metric: a table (the metric's by default), optionally as of a Paimon tag or snapshot.
     *
     * @param lateIncluded whether this result counts the records the stream saw late (a batch recompute does)
     */
    record Side(String name, String table, Optional<String> tag, Optional<Long> snapshot, boolean lateIncluded) {
        /** How the side is read, for people. */
        String describe() {
            return table + tag.map(t -> " @tag " + t).orElse("") + snapshot.map(s -> " @snapshot " + s).orElse("");
        }
    }

    /**
     * Where late records are: a table with the key columns and the event time.
     *
     * @param keys the late table's columns matching the metric's keys, in the same order
     * @param allValue the key value of the metric's roll-up rows (all keys together), if any
     */
    record Late(String table, String dayColumn, String timeColumn, List<String> keys, Optional<String> allValue) {}

    /** warn or error. */
    enum Severity { WARN, ERROR }

    /**
     * A DQC rule: a check (one class per rule kind), how serious it is, and how many consecutive breached points
     * raise an alert.
     */
    record Rule(String name, Severity severity, int consecutive, Check check, Location location) {}

    /** The side called {@code name}, or a user error listing the sides. */
    Side side(String sideName) {
        Side s = sides.get(sideName);
        if (s == null) {
            throw new DefinitionException(location.withPath("sides"), "metric " + name + " has no side '" + sideName
                    + "'; its sides: " + String.join(", ", sides.keySet()));
        }
        return s;
    }
}
