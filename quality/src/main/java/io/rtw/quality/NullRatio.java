package io.rtw.quality;

import io.rtw.meta.Identifiers;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;

/**
 * The share of the day's rows whose column is NULL is above max (a day-level rule: one point a day, judged when the
 * day has rows). Compared exactly, as nulls above max times rows; the ratio itself is only reported. The stream
 * form judges the day so far and alerts once a day.
 */
record NullRatio(String column, BigDecimal max) implements RuleKind {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    /** Digits after the point of a reported ratio (the quality tables keep 18). */
    private static final int RATIO_SCALE = 18;
    /** The digits of a row count (BIGINT). */
    private static final int COUNT_DIGITS = 19;

    /** Whether {@code nulls} of {@code rows} are too many. */
    private String exceeds(String nulls, String rows) {
        return nulls + " > " + RuleSql.decimal(max) + " * " + rows;
    }

    /** A ratio as a percentage with two decimals, for messages. */
    private static String percent(BigDecimal ratio) {
        return ratio.multiply(HUNDRED).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    @Override
    public String judge(DaySql day, Metric.Rule rule) {
        RuleSql.requireDigits(rule, COUNT_DIGITS + RuleSql.digits(max), "max times the day's rows");
        return day.dayAlerts(rule, "SELECT " + Identifiers.literal(Rules.DAY_KEY) + " AS rtw_key, "
                + DaySql.minute(day.dayEnd()) + " AS rtw_minute, CASE WHEN rtw_rows > 0 THEN 1 ELSE 0 END AS rtw_judged, "
                + "CASE WHEN " + exceeds("rtw_nulls", "rtw_rows") + " THEN 1 ELSE 0 END AS rtw_breached, CAST(rtw_nulls "
                + "AS STRING) AS rtw_value, CAST(rtw_rows AS STRING) AS rtw_reference, CAST(NULL AS STRING) AS "
                + "rtw_detail\nFROM (SELECT COUNT(*) AS rtw_rows, COUNT(*) - COUNT(" + Identifiers.quote(column)
                + ") AS rtw_nulls FROM " + day.dayRows() + " AS rtw_day)");
    }

    /** The query returns the day's nulls as the value and its rows as the reference; the breach holds their ratio. */
    @Override
    public Rules.Breach breach(DaySql day, Metric.Rule rule, DaySql.Judged p) {
        BigDecimal nulls = p.value();
        BigDecimal rows = p.reference();
        BigDecimal ratio = nulls.divide(rows, RATIO_SCALE, RoundingMode.HALF_EVEN);
        return new Rules.Breach(rule, new Rules.PointKey(day.day(), p.key(), p.minute()), ratio, max, nulls + " of "
                + rows + " rows (" + percent(ratio) + "%) have no " + column + "; at most " + percent(max)
                + "% allowed");
    }

    @Override
    public String unjudged(DaySql day) {
        return "no rows";
    }

    @Override
    public Optional<StreamSql.Alerts> stream(StreamSql s, Metric.Rule rule) {
        // Once a day, at the first row that breaches, when the consecutive-1 days before breached too (as the batch
        // check recorded them).
        StreamSql.DaysBefore before = s.daysBefore(rule, "rtw_base." + s.day(), "rtw_base.rtw_pt");
        String rows = before.condition().isEmpty() ? s.base() : "(\nSELECT rtw_base.*, " + before.condition()
                + " AS rtw_days_before\nFROM " + s.base() + before.joins() + "\n) AS rtw_with_days";
        return Optional.of(s.dayAlerts(rule, "rtw_ratio", exceeds("rtw_nulls", "rtw_rows_so_far"),
                "CONCAT(CAST(ROUND(rtw_ratio * 100, 2) AS STRING), '% of the day''s rows so far have no " + column
                        + "; at most " + HtmlReport.num(max.movePointRight(2)) + "% allowed')", withRatio(s, rows),
                before));
    }

    /**
     * The rows with the day's rows so far ({@code rtw_rows_so_far}), those whose column is null ({@code rtw_nulls})
     * and their share ({@code rtw_ratio}, a decimal).
     */
    private String withRatio(StreamSql s, String rows) {
        String window = "OVER (PARTITION BY " + s.day() + " ORDER BY " + s.order()
                + " ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)";
        String counts = "(\nSELECT *, SUM(CASE WHEN " + Identifiers.quote(column) + " IS NULL THEN 1 ELSE 0 END) "
                + window + " AS rtw_nulls, COUNT(*) " + window + " AS rtw_rows_so_far\nFROM " + rows
                + "\n) AS rtw_counts";
        return "(\nSELECT *, CAST(rtw_nulls AS DECIMAL(20, 0)) / CAST(rtw_rows_so_far AS DECIMAL(20, 0)) AS rtw_ratio"
                + "\nFROM " + counts + "\n) AS rtw_ratios";
    }

    @Override
    public List<QualityCheck.Curve> curves(DaySql day) {
        return List.of();
    }
}
