package io.rtw.quality;

import io.rtw.meta.Identifiers;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

/**
 * The latest window end of the day lags behind now (or the day's end, for a past day) by more than maxLag; before
 * any row, the day's start stands in (a day-level rule, judged once the day has begun). The stream form runs on a
 * clock that ticks every second, so it alerts when no row arrives at all.
 */
record Freshness(Duration maxLag) implements RuleKind {

    /** Whether the newest window end {@code latest} is stale at {@code now}, to the second. */
    private String stale(String latest, String now) {
        return "TIMESTAMPADD(SECOND, " + maxLag.toSeconds() + ", " + latest + ") < " + now;
    }

    /** What the lag is measured to: now, or the day's end once it has passed. */
    private static LocalDateTime reference(DaySql day) {
        return day.now().isBefore(day.dayEnd()) ? day.now() : day.dayEnd();
    }

    @Override
    public String judge(DaySql day, Metric.Rule rule) {
        String judged = day.now().isAfter(day.dayStart()) ? "1" : "0";
        return day.dayAlerts(rule, "SELECT " + Identifiers.literal(Rules.DAY_KEY) + " AS rtw_key, "
                + DaySql.minute(day.dayEnd()) + " AS rtw_minute, " + judged + " AS rtw_judged, CASE WHEN " + judged
                + " = 1 AND " + stale("CAST(rtw_latest AS TIMESTAMP(9))", DaySql.timestamp(reference(day)))
                + " THEN 1 ELSE 0 END AS rtw_breached, CAST(NULL AS STRING) AS rtw_value, CAST(NULL AS STRING) AS "
                + "rtw_reference, CAST(rtw_latest AS STRING) AS rtw_detail\nFROM (SELECT COALESCE(MAX(CAST("
                + Identifiers.quote(day.metric().timeColumn()) + " AS TIMESTAMP(3))), " + DaySql.minute(day.dayStart())
                + ") AS rtw_latest FROM " + day.dayRows() + " AS rtw_day)");
    }

    /** The query returns the latest window end as the detail; the breach holds the lag in seconds. */
    @Override
    public Rules.Breach breach(DaySql day, Metric.Rule rule, DaySql.Judged p) {
        LocalDateTime latest = LocalDateTime.parse(p.detail().replace(' ', 'T'));
        LocalDateTime reference = reference(day);
        Duration lag = Duration.between(latest, reference);
        return new Rules.Breach(rule, new Rules.PointKey(day.day(), p.key(), p.minute()),
                BigDecimal.valueOf(lag.toSeconds()), BigDecimal.valueOf(maxLag.toSeconds()), "the latest window end "
                        + latest.toString().replace('T', ' ') + " lags " + lag.toMinutes() + " min behind "
                        + reference.toString().replace('T', ' ') + "; at most " + maxLag.toMinutes() + " min allowed");
    }

    @Override
    public String unjudged(DaySql day) {
        return "the day has not begun";
    }

    /**
     * At every tick of the clock, the lag of the metric's newest window end (as last committed) behind now; an
     * alert where a stale stretch starts, when the {@code consecutive - 1} days before breached too (in
     * {@code dqc_breaches}). Before any window end, the day's start stands in.
     */
    @Override
    public Optional<StreamSql.Alerts> stream(StreamSql s, Metric.Rule rule) {
        return s.latest().map(latestTable -> {
            String now = "CAST(rtw_clock.rtw_pt AS TIMESTAMP(3))";
            StreamSql.DaysBefore before = s.daysBefore(rule, "DATE_FORMAT(" + now + ", 'yyyy-MM-dd')",
                    "rtw_clock.rtw_pt");
            String latest = "COALESCE(rtw_l.latest, CAST(CAST(" + now + " AS DATE) AS TIMESTAMP(3)))";
            String ticks = "(\nSELECT rtw_clock.rtw_pt, " + now + " AS rtw_now, TIMESTAMPDIFF(SECOND, " + latest + ", "
                    + now + ") AS rtw_lag, CASE WHEN " + stale(latest, now) + " THEN 1 ELSE 0 END AS rtw_breached"
                    + (before.condition().isEmpty() ? "" : ", " + before.condition() + " AS rtw_days_before")
                    + "\nFROM " + StreamRules.CLOCK + " AS rtw_clock\nLEFT JOIN " + latestTable
                    + " FOR SYSTEM_TIME AS OF rtw_clock.rtw_pt AS rtw_l ON rtw_l.metric = "
                    + Identifiers.literal(s.metric().name()) + before.joins() + "\n) AS rtw_ticks";
            String select = s.select(rule, Identifiers.literal(Rules.DAY_KEY), "CAST(FLOOR(rtw_now TO MINUTE) AS "
                    + "TIMESTAMP(3))", "rtw_lag", "CONCAT('the newest window end lags ', CAST(rtw_lag / 60 AS STRING), "
                    + "' min behind the clock; at most " + maxLag.toMinutes() + " min allowed')", "DATE_FORMAT(rtw_now, "
                    + "'yyyy-MM-dd')", RuleSql.streaks(ticks, List.of(), "rtw_pt", "1"), RuleSql.streakStarts(1)
                    + (before.condition().isEmpty() ? "" : " AND rtw_days_before"));
            return new StreamSql.Alerts("an alert each time the newest window end starts to lag more than "
                    + maxLag.toMinutes() + " min behind the clock", select);
        });
    }

    @Override
    public List<QualityCheck.Curve> curves(DaySql day) {
        return List.of();
    }
}
