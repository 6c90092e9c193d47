package io.rtw.quality;

import io.rtw.meta.Identifiers;

import java.util.List;
import java.util.Optional;

/**
 * The measure is zero (or NULL) where the previous good point of the key was above zero, the key's series running
 * on from the previous day's last point; or the key had a last value above zero the previous day and no row at all
 * this day (judged once the day has ended: it may still come). The stream form judges each row alone: for a
 * cumulative metric a row of a day is never legitimately zero, and a key that sends no row is found by the check
 * after the day.
 */
record DropToZero(String measure) implements RuleKind {

    /** The detail of a key without a row all day. */
    private static final String MISSING = "missing";

    /** Whether a value is what a drop falls to. */
    private static String zero(String v) {
        return v + " = 0 OR " + v + " IS NULL";
    }

    @Override
    public String judge(DaySql day, Metric.Rule rule) {
        String m = Identifiers.quote(measure);
        // The key's last row of the day before: its value is where the day's series starts from.
        String before = "(SELECT rtw_key, rtw_minute, rtw_v FROM (SELECT rtw_key, rtw_minute, " + m + " AS rtw_v, "
                + "ROW_NUMBER() OVER (PARTITION BY rtw_key ORDER BY rtw_minute DESC) AS rtw_n FROM "
                + day.rows(day.day().minusDays(1)) + ") WHERE rtw_n = 1)";
        // A point breaches when zero after a value above zero: the last non-zero value before it (the points between
        // are zeros, breached themselves) is the previous good one.
        String series = "SELECT rtw_key, rtw_minute, 1 AS rtw_today, " + m + " AS rtw_v FROM " + day.rows(day.day())
                + "\nUNION ALL\nSELECT rtw_key, rtw_minute, 0, rtw_v FROM " + before;
        String points = "SELECT rtw_key, rtw_minute, 1 AS rtw_judged, CASE WHEN (" + zero("rtw_v") + ") AND rtw_good "
                + "> 0 THEN 1 ELSE 0 END AS rtw_breached, CAST(rtw_v AS STRING) AS rtw_value, CAST(rtw_good AS STRING) "
                + "AS rtw_reference, CAST(NULL AS STRING) AS rtw_detail\nFROM (SELECT *, LAST_VALUE(CASE WHEN rtw_v <> 0 "
                + "THEN rtw_v END) OVER (PARTITION BY rtw_key ORDER BY rtw_today, rtw_minute ROWS BETWEEN UNBOUNDED "
                + "PRECEDING AND CURRENT ROW) AS rtw_good FROM (\n" + series + "\n)) WHERE rtw_today = 1";
        // A key without a row all day: the whole day is the streak, so it alerts whatever the consecutive count.
        String ended = day.ended() ? "1" : "0";
        String missing = "SELECT rtw_y.rtw_key, " + DaySql.minute(day.dayEnd()) + ", " + ended + ", " + ended + ", "
                + ended + ", CAST(NULL AS STRING), CAST(rtw_y.rtw_v AS STRING), '" + MISSING + "'\nFROM " + before
                + " AS rtw_y LEFT JOIN (SELECT DISTINCT rtw_key FROM " + day.rows(day.day()) + ") AS rtw_t ON "
                + "rtw_t.rtw_key = rtw_y.rtw_key WHERE rtw_t.rtw_key IS NULL AND rtw_y.rtw_v > 0";
        return day.pointAlerts(rule, points) + "\nUNION ALL\n" + missing;
    }

    @Override
    public Rules.Breach breach(DaySql day, Metric.Rule rule, DaySql.Judged p) {
        Rules.PointKey at = new Rules.PointKey(day.day(), p.key(), p.minute());
        String message = MISSING.equals(p.detail())
                ? measure + " of key " + p.key() + " was " + HtmlReport.num(p.reference()) + " at the end of "
                        + day.day().minusDays(1) + " and has no row on " + day.day()
                : measure + " dropped to " + (p.value() == null ? "NULL" : "0") + " after "
                        + HtmlReport.num(p.reference());
        return new Rules.Breach(rule, at, p.value(), p.reference(), message);
    }

    @Override
    public String unjudged(DaySql day) {
        return day.ended() ? "no value" : "keys of the day before without a row yet: judged once the day has ended";
    }

    @Override
    public Optional<StreamSql.Alerts> stream(StreamSql s, Metric.Rule rule) {
        String v = Identifiers.quote(measure);
        return Optional.of(s.pointAlerts(rule, v, zero(v), "'" + measure + " dropped to zero'", s.base()));
    }

    @Override
    public List<QualityCheck.Curve> curves(DaySql day) {
        return List.of(new QualityCheck.Curve(measure, 0, day.day().toString(), "right"));
    }
}
