package io.rtw.quality;

import io.rtw.meta.Identifiers;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Rule kind {@code change}: the measure against the same minute of an earlier day, {@code periodDays} back
 * (1 yesterday, 7 last week), breached when every bound given is exceeded. A point breached on an earlier day is
 * never a baseline: up to {@code lookback} periods back are tried for a clean one.
 */
record Change(String measure, int periodDays, Optional<BigDecimal> maxRelative,
        Optional<BigDecimal> maxAbsolute, int lookback) implements PointCheck {

    static final Kind KIND = new Kind("change", Change.class, List.of("measure", "baseline", "max-relative",
            "max-absolute", "lookback"), b -> {
                Optional<String> measure = b.measure();
                int period = b.keys().choice("baseline", List.of("yesterday", "last_week")).orElse("yesterday")
                        .equals("last_week") ? 7 : 1;
                Optional<BigDecimal> rel = b.keys().nonNegative("max-relative");
                Optional<BigDecimal> abs = b.keys().nonNegative("max-absolute");
                if (b.keys().value("max-relative").isEmpty() && b.keys().value("max-absolute").isEmpty()) {
                    b.problem("a change check needs max-relative, max-absolute or both");
                }
                int lookback = b.keys().integer("lookback", 1, 52).orElse(3);
                return measure.map(m -> new Change(m, period, rel, abs, lookback));
            });

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    @Override
    public Optional<String> chartMeasure() {
        return Optional.of(measure);
    }

    @Override
    public Set<LocalDate> daysBefore(LocalDate day) {
        Set<LocalDate> days = new TreeSet<>();
        for (int i = 1; i <= lookback; i++) {
            days.add(day.minusDays((long) i * periodDays));
        }
        return days;
    }

    @Override
    public Optional<Integer> comparedDaysBack() {
        return Optional.of(periodDays);
    }

    @Override
    public String unchecked() {
        return "no clean baseline within " + lookback + (periodDays == 1 ? " days" : " weeks");
    }

    @Override
    public Rules.Series series(Metric.Rule rule, Rules.Input in, String key,
            NavigableMap<LocalDateTime, Reconciler.Point> points) {
        List<Rules.Breach> out = new ArrayList<>();
        long checked = 0;
        for (Map.Entry<LocalDateTime, Reconciler.Point> p : points.entrySet()) {
            BigDecimal v = p.getValue().values().get(measure);
            Optional<Baseline> base = v == null ? Optional.empty() : baseline(in, key, p.getKey());
            if (base.isEmpty()) {
                continue;
            }
            checked++;
            Baseline b = base.get();
            BigDecimal abs = v.subtract(b.value()).abs();
            // Relative change above m: |v - b| > m * |b| (from zero, any change is infinitely large).
            boolean breached = maxAbsolute.map(m -> abs.compareTo(m) > 0).orElse(true)
                    && maxRelative.map(m -> b.value().signum() == 0 ? abs.signum() > 0
                            : abs.compareTo(m.multiply(b.value().abs())) > 0).orElse(true);
            if (breached) {
                out.add(new Rules.Breach(rule, new Rules.PointKey(in.day(), key, p.getKey()), v, b.value(),
                        measure + " " + HtmlReport.num(v) + " against " + HtmlReport.num(b.value()) + " on "
                                + b.day() + " (" + (periodDays == 1 ? "yesterday" : "last week") + (b.periods() > 1
                                        ? ", " + b.periods() + " periods back past breached points" : "")
                                + "): change " + HtmlReport.num(abs) + (b.value().signum() == 0 ? "" : ", "
                                        + abs.multiply(HUNDRED).divide(b.value().abs(), 1, RoundingMode.HALF_UP)
                                                .toPlainString() + "%")));
            }
        }
        return new Rules.Series(out, checked);
    }

    /** A clean baseline point, {@code periods} periods back. */
    private record Baseline(LocalDate day, int periods, BigDecimal value) {}

    /** The nearest point at the same minute, period by period back, that has a value and was never breached. */
    private Optional<Baseline> baseline(Rules.Input in, String key, LocalDateTime minute) {
        for (int i = 1; i <= lookback; i++) {
            int days = i * periodDays;
            LocalDate day = in.day().minusDays(days);
            LocalDateTime then = minute.minusDays(days);
            Reconciler.Point base = in.rows().getOrDefault(day, Map.of()).getOrDefault(key, new TreeMap<>()).get(then);
            BigDecimal b = base == null ? null : base.values().get(measure);
            if (b != null && !in.breachedBefore().contains(new Rules.PointKey(day, key, then))) {
                return Optional.of(new Baseline(day, i, b));
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<StreamRules.Alerts> streamForm(Metric.Rule rule, StreamRules.Form form) {
        String value = Identifiers.quote(measure);
        String abs = "ABS(" + value + " - rtw_baseline)";
        List<String> conditions = new ArrayList<>(List.of(value + " IS NOT NULL", "rtw_baseline IS NOT NULL"));
        maxAbsolute.ifPresent(m -> conditions.add(abs + " > " + HtmlReport.num(m)));
        // Relative change above m, exactly: |v - b| > m * |b| (from zero, any change).
        maxRelative.ifPresent(m -> conditions.add("(CASE WHEN rtw_baseline = 0 THEN " + abs + " > 0 ELSE " + abs
                + " > " + HtmlReport.num(m) + " * ABS(rtw_baseline) END)"));
        String message = "CONCAT('" + measure + " ', CAST(" + value + " AS STRING), ' against ', CAST("
                + "rtw_baseline AS STRING), ' " + (periodDays == 1 ? "yesterday" : "last week")
                + " (or the last clean period before)')";
        return Optional.of(form.perKey(rule, value, String.join(" AND ", conditions), message, withBaseline(form)));
    }

    /**
     * The rows with {@code rtw_baseline}: the measure at the same minute one period back, or further back (up to
     * lookback periods) past points where {@code dqc_breaches} holds a breach of any of the metric's rules.
     */
    private String withBaseline(StreamRules.Form form) {
        Metric metric = form.metric();
        String day = "rtw_base." + Identifiers.quote(metric.dayColumn());
        String time = "rtw_base." + Identifiers.quote(metric.timeColumn());
        StringBuilder joins = new StringBuilder();
        List<String> cases = new ArrayList<>();
        for (int i = 1; i <= lookback; i++) {
            int days = i * periodDays;
            String b = "rtw_b" + i;
            String bDay = StreamRules.dayBefore(day, days);
            String bTime = "TIMESTAMPADD(DAY, -" + days + ", " + time + ")";
            joins.append("\nLEFT JOIN ").append(Warehouse.quoted(metric.table()))
                    .append(" FOR SYSTEM_TIME AS OF rtw_base.rtw_pt AS ").append(b).append(" ON ").append(b)
                    .append('.').append(Identifiers.quote(metric.dayColumn())).append(" = ").append(bDay);
            for (String k : metric.keys()) {
                joins.append(" AND ").append(b).append('.').append(Identifiers.quote(k)).append(" = rtw_base.")
                        .append(Identifiers.quote(k));
            }
            joins.append(" AND ").append(b).append('.').append(Identifiers.quote(metric.timeColumn())).append(" = ")
                    .append(bTime);
            List<String> clean = new ArrayList<>(List.of(b + "." + Identifiers.quote(measure) + " IS NOT NULL"));
            int j = 0;
            for (Metric.Rule rule : metric.rules()) {
                String x = b + "_x" + j++;
                joins.append(form.breachLookup(x, rule.name(), bDay, "rtw_base.rtw_key", bTime, "rtw_base.rtw_pt"));
                clean.add(x + ".`rule` IS NULL");
            }
            cases.add("WHEN " + String.join(" AND ", clean) + " THEN " + b + "." + Identifiers.quote(measure));
        }
        return "(\nSELECT rtw_base.*, CASE " + String.join(" ", cases) + " END AS rtw_baseline\nFROM " + form.base()
                + joins + "\n) AS rtw_with_baseline";
    }
}
