package io.rtw.quality;

import io.rtw.meta.Identifiers;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * Rule kind {@code null_ratio}: the share of the day's rows whose column is null is above max. The stream form
 * judges the day so far and alerts once a day, counting the days before from {@code dqc_breaches}.
 */
record NullRatio(String column, BigDecimal max) implements DayCheck {

    static final Kind KIND = new Kind("null_ratio", NullRatio.class, List.of("column", "max"), b -> b.keys()
            .required("column").flatMap(c -> b.keys().nonNegative("max").filter(mx -> {
                if (mx.compareTo(BigDecimal.ONE) <= 0) {
                    return true;
                }
                b.yaml().problem(b.keys().value("max").orElseThrow(), b.keys().pathOf("max"),
                        "a ratio is from 0 to 1, got " + mx.toPlainString());
                return false;
            }).or(() -> {
                if (b.keys().value("max").isEmpty()) {
                    b.problem("missing required key 'max' in " + b.path());
                }
                return Optional.empty();
            }).map(mx -> new NullRatio(c, mx))));

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    /** Digits after the point of a null ratio (the quality tables keep 18). */
    private static final int RATIO_SCALE = 18;

    @Override
    public Optional<String> chartMeasure() {
        return Optional.empty();
    }

    @Override
    public Optional<String> nullCountColumn() {
        return Optional.of(column);
    }

    @Override
    public Optional<String> unjudged(Rules.Input in) {
        long[] counts = in.nullCounts().get(column);
        return counts == null || counts[0] == 0 ? Optional.of("no rows") : Optional.empty();
    }

    @Override
    public Optional<Rules.Breach> judge(Metric.Rule rule, Rules.Input in,
            Map<String, NavigableMap<LocalDateTime, Reconciler.Point>> today, Rules.PointKey at) {
        long[] counts = in.nullCounts().get(column);
        if (counts == null || counts[0] == 0) {
            return Optional.empty();
        }
        BigDecimal nulls = BigDecimal.valueOf(counts[0] - counts[1]);
        BigDecimal rows = BigDecimal.valueOf(counts[0]);
        if (nulls.compareTo(max.multiply(rows)) <= 0) {
            return Optional.empty();
        }
        BigDecimal ratio = nulls.divide(rows, RATIO_SCALE, RoundingMode.HALF_EVEN);
        return Optional.of(new Rules.Breach(rule, at, ratio, max, nulls + " of " + rows + " rows (" + percent(ratio)
                + "%) have no " + column + "; at most " + percent(max) + "% allowed"));
    }

    /** A ratio as a percentage with two decimals, for messages. */
    private static String percent(BigDecimal ratio) {
        return ratio.multiply(HUNDRED).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    @Override
    public Optional<StreamRules.Alerts> streamForm(Metric.Rule rule, StreamRules.Form form) {
        // Exactly: nulls above max times rows (the ratio itself is rounded).
        String condition = "rtw_nulls > " + HtmlReport.num(max) + " * rtw_rows_so_far";
        String message = "CONCAT(CAST(ROUND(rtw_ratio * 100, 2) AS STRING), '% of the day''s rows so far have no "
                + column + "; at most " + HtmlReport.num(max.movePointRight(2)) + "% allowed')";
        // Once a day, at the first row that breaches, when the consecutive-1 days before breached too (as the batch
        // check recorded them).
        StreamRules.DaysBefore before = form.daysBefore(rule, "rtw_base." + Identifiers.quote(form.metric()
                .dayColumn()), "rtw_base.rtw_pt");
        String rows = before.condition().isEmpty() ? withNullRatio(form, form.base()) : withNullRatio(form,
                "(\nSELECT rtw_base.*, " + before.condition() + " AS rtw_days_before\nFROM " + form.base()
                        + before.joins() + "\n) AS rtw_with_days");
        String where = "rtw_breached = 1 AND rtw_sum = 1" + (before.condition().isEmpty() ? ""
                : " AND rtw_days_before");
        return Optional.of(form.alerts(rule, "an alert at the first row of a day whose day so far breaches",
                Identifiers.literal(Rules.DAY_KEY), "rtw_ratio", message,
                form.streaks(rule.consecutive(), condition, rows, true), where));
    }

    /**
     * The rows with the day's rows so far ({@code rtw_rows_so_far}), those whose column is null ({@code rtw_nulls})
     * and their share ({@code rtw_ratio}, a decimal).
     */
    private String withNullRatio(StreamRules.Form form, String rows) {
        String window = "OVER (" + form.partition(List.of(form.metric().dayColumn())) + "ORDER BY " + form.order()
                + " ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)";
        String counts = "(\nSELECT *, SUM(CASE WHEN " + Identifiers.quote(column) + " IS NULL THEN 1 ELSE 0 END) "
                + window + " AS rtw_nulls, COUNT(*) " + window + " AS rtw_rows_so_far\nFROM " + rows
                + "\n) AS rtw_counts";
        return "(\nSELECT *, CAST(rtw_nulls AS DECIMAL(20, 0)) / CAST(rtw_rows_so_far AS DECIMAL(20, 0)) AS rtw_ratio"
                + "\nFROM " + counts + "\n) AS rtw_ratios";
    }
}
