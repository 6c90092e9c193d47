package io.rtw.quality;

import io.rtw.meta.Identifiers;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The measure against the same minute of an earlier day, {@code periodDays} back (1 yesterday, 7 last week).
 * Breached when every bound given is exceeded: relative, |v - b| > max-relative × |b| (from zero, any change), and
 * absolute, |v - b| > max-absolute. A baseline point that was breached (by any rule of the metric, as
 * {@code dqc_breaches} holds) is skipped for the one a period further back, up to {@code lookback} periods; a point
 * without a clean baseline or without a value is not judged.
 *
 * @param lookback how many periods back to look for a baseline point that was not itself breached
 */
record Change(String measure, int periodDays, Optional<BigDecimal> maxRelative,
        Optional<BigDecimal> maxAbsolute, int lookback) implements RuleKind {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** Whether {@code v} against baseline {@code b} exceeds every bound, computed exactly in the measure's type. */
    private String exceeds(String v, String b) {
        String abs = "ABS(" + v + " - " + b + ")";
        List<String> conds = new ArrayList<>(List.of(v + " IS NOT NULL", b + " IS NOT NULL"));
        maxAbsolute.ifPresent(m -> conds.add(abs + " > " + RuleSql.decimal(m)));
        maxRelative.ifPresent(m -> conds.add("(CASE WHEN " + b + " = 0 THEN " + abs + " > 0 ELSE " + abs + " > "
                + RuleSql.decimal(m) + " * ABS(" + b + ") END)"));
        return String.join(" AND ", conds);
    }

    private String period() {
        return periodDays == 1 ? "yesterday" : "last week";
    }

    @Override
    public String judge(DaySql day, Metric.Rule rule) {
        day.digits(measure).ifPresent(p -> {
            RuleSql.requireDigits(rule, p + 1, "the difference of two values of " + measure);
            maxRelative.ifPresent(m -> RuleSql.requireDigits(rule, p + RuleSql.digits(m), "max-relative times a "
                    + "value of " + measure));
        });
        String m = Identifiers.quote(measure);
        StringBuilder joins = new StringBuilder();
        List<String> reference = new ArrayList<>();
        List<String> periods = new ArrayList<>();
        for (int i = 1; i <= lookback; i++) {
            int days = i * periodDays;
            String b = "rtw_b" + i;
            String x = "rtw_x" + i;
            String minute = "TIMESTAMPADD(DAY, -" + days + ", rtw_t.rtw_minute)";
            joins.append("\nLEFT JOIN ").append(day.rows(day.day().minusDays(days))).append(" AS ").append(b)
                    .append(" ON ").append(b).append(".rtw_key = rtw_t.rtw_key AND ").append(b)
                    .append(".rtw_minute = ").append(minute)
                    .append("\nLEFT JOIN (SELECT DISTINCT `key`, minute_end FROM ").append(day.breaches())
                    .append(" AS rtw_e WHERE dt = ").append(DaySql.literal(day.day().minusDays(days))).append(") AS ")
                    .append(x).append(" ON ").append(x).append(".`key` = rtw_t.rtw_key AND ").append(x)
                    .append(".minute_end = ").append(minute);
            String clean = b + "." + m + " IS NOT NULL AND " + x + ".`key` IS NULL";
            reference.add("WHEN " + clean + " THEN " + b + "." + m);
            periods.add("WHEN " + clean + " THEN " + i);
        }
        String withBaseline = "SELECT rtw_t.rtw_key, rtw_t.rtw_minute, rtw_t." + m + " AS rtw_v, CASE "
                + String.join(" ", reference) + " END AS rtw_base, CASE " + String.join(" ", periods)
                + " END AS rtw_periods\nFROM " + day.rows(day.day()) + " AS rtw_t" + joins;
        return day.pointAlerts(rule, "SELECT rtw_key, rtw_minute, CASE WHEN rtw_v IS NOT NULL AND rtw_base IS NOT NULL "
                + "THEN 1 ELSE 0 END AS rtw_judged, CASE WHEN " + exceeds("rtw_v", "rtw_base") + " THEN 1 ELSE 0 END AS "
                + "rtw_breached, CAST(rtw_v AS STRING) AS rtw_value, CAST(rtw_base AS STRING) AS rtw_reference, "
                + "CAST(rtw_periods AS STRING) AS rtw_detail\nFROM (\n" + withBaseline + "\n) AS rtw_with_baseline");
    }

    @Override
    public Rules.Breach breach(DaySql day, Metric.Rule rule, DaySql.Judged p) {
        int periods = Integer.parseInt(p.detail());
        BigDecimal v = p.value();
        BigDecimal b = p.reference();
        BigDecimal abs = v.subtract(b).abs();
        return new Rules.Breach(rule, new Rules.PointKey(day.day(), p.key(), p.minute()), v, b, measure + " "
                + HtmlReport.num(v) + " against " + HtmlReport.num(b) + " on " + day.day().minusDays((long) periods
                        * periodDays) + " (" + period() + (periods > 1 ? ", " + periods + " periods back past breached "
                        + "points" : "") + "): change " + HtmlReport.num(abs) + (b.signum() == 0 ? "" : ", "
                        + abs.multiply(HUNDRED).divide(b.abs(), 1, RoundingMode.HALF_UP).toPlainString() + "%"));
    }

    @Override
    public String unjudged(DaySql day) {
        return "no clean baseline within " + lookback + (periodDays == 1 ? " days" : " weeks");
    }

    @Override
    public Optional<StreamSql.Alerts> stream(StreamSql s, Metric.Rule rule) {
        String v = Identifiers.quote(measure);
        return Optional.of(s.pointAlerts(rule, v, exceeds(v, "rtw_baseline"), "CONCAT('" + measure + " ', CAST(" + v
                + " AS STRING), ' against ', CAST(rtw_baseline AS STRING), ' " + period() + " (or the last clean period "
                + "before)')", withBaseline(s)));
    }

    /**
     * The stream's rows with {@code rtw_baseline}: the measure at the same minute one period back, or further back (up
     * to lookback periods) past points where {@code dqc_breaches} holds a breach of any of the metric's rules, each
     * looked up at the row's processing time.
     */
    private String withBaseline(StreamSql s) {
        Metric metric = s.metric();
        String day = "rtw_base." + s.day();
        String time = "rtw_base." + Identifiers.quote(metric.timeColumn());
        StringBuilder joins = new StringBuilder();
        List<String> cases = new ArrayList<>();
        for (int i = 1; i <= lookback; i++) {
            int days = i * periodDays;
            String b = "rtw_b" + i;
            String bDay = StreamSql.dayBefore(day, days);
            String bTime = "TIMESTAMPADD(DAY, -" + days + ", " + time + ")";
            joins.append("\nLEFT JOIN ").append(Warehouse.quoted(metric.table()))
                    .append(" FOR SYSTEM_TIME AS OF rtw_base.rtw_pt AS ").append(b).append(" ON ").append(b).append('.')
                    .append(s.day()).append(" = ").append(bDay);
            for (String k : metric.keys()) {
                joins.append(" AND ").append(b).append('.').append(Identifiers.quote(k)).append(" = rtw_base.")
                        .append(Identifiers.quote(k));
            }
            joins.append(" AND ").append(b).append('.').append(Identifiers.quote(metric.timeColumn())).append(" = ")
                    .append(bTime);
            List<String> clean = new ArrayList<>(List.of(b + "." + Identifiers.quote(measure) + " IS NOT NULL"));
            int j = 0;
            for (Metric.Rule any : metric.rules()) {
                String x = b + "_x" + j++;
                joins.append(s.breachLookup(x, any.name(), bDay, "rtw_base.rtw_key", bTime, "rtw_base.rtw_pt"));
                clean.add(x + ".`rule` IS NULL");
            }
            cases.add("WHEN " + String.join(" AND ", clean) + " THEN " + b + "." + Identifiers.quote(measure));
        }
        return "(\nSELECT rtw_base.*, CASE " + String.join(" ", cases) + " END AS rtw_baseline\nFROM " + s.base()
                + joins + "\n) AS rtw_with_baseline";
    }

    @Override
    public List<QualityCheck.Curve> curves(DaySql day) {
        return List.of(new QualityCheck.Curve(measure, periodDays, period(), "left"),
                new QualityCheck.Curve(measure, 0, day.day().toString(), "right"));
    }
}
