package io.rtw.quality;

import io.rtw.meta.DefinitionException;
import io.rtw.meta.Identifiers;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

/** SQL both forms of the DQC rules share: exact decimal literals, and streaks of breaches over a key's rows. */
final class RuleSql {

    /** The digits of a SQL DECIMAL: arithmetic that needs more is rounded by the planner. */
    static final int MAX_DIGITS = 38;

    private RuleSql() {}

    /** {@code v} as a DECIMAL literal of its own precision and scale: compared and multiplied exactly. */
    static String decimal(BigDecimal v) {
        BigDecimal plain = v.scale() < 0 ? v.setScale(0) : v;
        return "CAST(" + Identifiers.literal(plain.toPlainString()) + " AS DECIMAL(" + digits(plain) + ", "
                + plain.scale() + "))";
    }

    /** The precision of {@link #decimal}'s literal: its digits after the point and at least one before it. */
    static int digits(BigDecimal v) {
        BigDecimal plain = v.scale() < 0 ? v.setScale(0) : v;
        return Math.max(plain.precision() - plain.scale(), 1) + plain.scale();
    }

    /**
     * Refuses a rule whose SQL would need more than {@link #MAX_DIGITS} digits: the planner would round (or
     * overflow) where the values must be compared exactly.
     */
    static void requireDigits(Metric.Rule rule, int digits, String what) {
        if (digits > MAX_DIGITS) {
            throw new DefinitionException(rule.location(), "rule " + rule.name() + " cannot be judged exactly: " + what
                    + " needs " + digits + " digits, more than a SQL DECIMAL's " + MAX_DIGITS + "; use a narrower "
                    + "DECIMAL column or a bound with fewer digits");
        }
    }

    /**
     * {@code from}, whose rows have a 0/1 column {@code rtw_breached}, with per row over the window of its
     * partition's last {@code preceding} rows ({@code UNBOUNDED} or a count) in {@code order}: {@code rtw_sum} the
     * breaches, {@code rtw_rows} the rows and {@code rtw_oldest} whether the oldest breached.
     */
    static String streaks(String from, List<String> partition, String order, String preceding) {
        String window = "OVER (" + (partition.isEmpty() ? "" : "PARTITION BY " + String.join(", ", partition) + " ")
                + "ORDER BY " + order + " ROWS BETWEEN " + preceding + " PRECEDING AND CURRENT ROW)";
        return "(\nSELECT *, SUM(rtw_breached) " + window + " AS rtw_sum, COUNT(*) " + window + " AS rtw_rows, "
                + "FIRST_VALUE(rtw_breached) " + window + " AS rtw_oldest\nFROM " + from + "\n) AS rtw_streaks";
    }

    /**
     * Over {@link #streaks} of the last N rows before the current one: the current row completes N consecutive
     * breaches, and the streak starts here (the row before it, if any, did not breach). A streak alerts once.
     */
    static String streakStarts(int n) {
        return "rtw_breached = 1 AND rtw_sum = %1$d AND (rtw_rows = %1$d OR (rtw_rows = %2$d AND rtw_oldest = 0))"
                .formatted(n, n + 1);
    }

    /** Columns quoted and joined by commas. */
    static String columns(List<String> names) {
        return names.stream().map(Identifiers::quote).collect(Collectors.joining(", "));
    }
}
