package io.rtw.quality;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
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
 * The DQC rule evaluator: judges every point of a day against each rule of a metric, then raises an alert where
 * the breaches of a rule and key reach the rule's {@code consecutive} count. A point breached on an earlier day is
 * never used as a baseline: the change rule looks further back for a clean one. Values are decimals, compared
 * exactly.
 */
final class Rules {

    /** The key of day-level points (null ratio, freshness). */
    static final String DAY_KEY = "*";

    /** A point of a metric: day, key and window end (the day's end for day-level rules). */
    record PointKey(LocalDate day, String key, LocalDateTime minute) {}

    /** One point that broke a rule; {@code reference} is the baseline, limit or previous value it was judged by. */
    record Breach(Metric.Rule rule, PointKey point, BigDecimal value, BigDecimal reference, String message) {}

    /** A rule whose breaches for one key reached its consecutive count at {@code point}. */
    record Alert(Metric.Rule rule, PointKey point, int streak, String message) {}

    /**
     * What the rules are evaluated on.
     *
     * @param rows the metric's rows: the day, the day before (for drop_to_zero) and every earlier day a change rule
     *     may take a baseline from
     * @param breachedBefore points of earlier days that were breached (by any rule), never baselines
     * @param breachedDays per rule name, the earlier days with a day-level breach (for consecutive day streaks)
     * @param nullCounts per column of a null-ratio rule: rows of the day and non-null values
     * @param now the wall-clock time in the project's zone: a key missing from the day is judged once it has ended
     */
    record Input(LocalDate day, Map<LocalDate, Map<String, NavigableMap<LocalDateTime, Reconciler.Point>>> rows,
            Set<PointKey> breachedBefore, Map<String, Set<LocalDate>> breachedDays, Map<String, long[]> nullCounts,
            LocalDateTime now) {}

    /**
     * How much of the day a rule could judge: {@code checked} of {@code points} (a rule without what it needs at a
     * point, such as a clean baseline or a value, neither passes nor breaches there), and why the rest was not.
     */
    record Coverage(long checked, long points, String unchecked) {}

    /** Every breach and alert of the day, and each rule's coverage by name. */
    record Outcome(List<Breach> breaches, List<Alert> alerts, Map<String, Coverage> coverage) {}

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    /** Digits after the point of a null ratio (the quality tables keep 18). */
    private static final int RATIO_SCALE = 18;

    private Rules() {}

    /** A ratio as a percentage with two decimals, for messages. */
    private static String percent(BigDecimal ratio) {
        return ratio.multiply(HUNDRED).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    static Outcome evaluate(Metric metric, Input in) {
        List<Breach> breaches = new ArrayList<>();
        List<Alert> alerts = new ArrayList<>();
        Map<String, Coverage> coverage = new java.util.LinkedHashMap<>();
        Map<String, NavigableMap<LocalDateTime, Reconciler.Point>> today = in.rows().getOrDefault(in.day(), Map.of());
        LocalDateTime dayEnd = in.day().plusDays(1).atStartOfDay();
        for (Metric.Rule rule : metric.rules()) {
            if (rule.check() instanceof Metric.NullRatio || rule.check() instanceof Metric.Freshness) {
                boolean judged = rule.check() instanceof Metric.NullRatio n
                        ? in.nullCounts().getOrDefault(n.column(), new long[1])[0] > 0
                        : in.now().isAfter(in.day().atStartOfDay());
                coverage.put(rule.name(), new Coverage(judged ? 1 : 0, 1, rule.check() instanceof Metric.NullRatio
                        ? "no rows" : "the day has not begun"));
                Optional<Breach> b = dayLevel(rule, in, today, dayEnd);
                b.ifPresent(breaches::add);
                if (b.isPresent()) {
                    int streak = 1;
                    Set<LocalDate> before = in.breachedDays().getOrDefault(rule.name(), Set.of());
                    while (before.contains(in.day().minusDays(streak))) {
                        streak++;
                    }
                    if (streak == rule.consecutive()) {
                        alerts.add(new Alert(rule, b.get().point(), streak, b.get().message()));
                    }
                }
                continue;
            }
            long[] checked = new long[1];
            long points = 0;
            String unchecked = "no value";
            if (rule.check() instanceof Metric.DropToZero d) {
                List<Breach> gone = missingKeys(rule, d, in, today, dayEnd);
                points += gone.size();
                if (in.now().isBefore(dayEnd)) {
                    unchecked = "keys of the day before without a row yet: judged once the day has ended";
                } else {
                    checked[0] += gone.size();
                    // A key without a row all day: the whole day is the streak, whatever the rule's count.
                    gone.forEach(b -> {
                        breaches.add(b);
                        alerts.add(new Alert(rule, b.point(), rule.consecutive(), b.message()));
                    });
                }
            }
            for (Map.Entry<String, NavigableMap<LocalDateTime, Reconciler.Point>> e : new TreeMap<>(today).entrySet()) {
                points += e.getValue().size();
                List<Breach> keyBreaches = series(rule, in, e.getKey(), e.getValue(), checked);
                breaches.addAll(keyBreaches);
                Set<LocalDateTime> breached = new TreeSet<>();
                keyBreaches.forEach(b -> breached.add(b.point().minute()));
                int streak = 0;
                for (LocalDateTime minute : e.getValue().keySet()) {
                    streak = breached.contains(minute) ? streak + 1 : 0;
                    if (streak == rule.consecutive()) {
                        Breach b = keyBreaches.stream().filter(x -> x.point().minute().equals(minute)).findFirst()
                                .orElseThrow();
                        alerts.add(new Alert(rule, b.point(), streak, b.message()));
                    }
                }
            }
            coverage.put(rule.name(), new Coverage(checked[0], points, rule.check() instanceof Metric.Change c
                    ? "no clean baseline within " + c.lookback() + (c.periodDays() == 1 ? " days" : " weeks")
                    : unchecked));
        }
        return new Outcome(breaches, alerts, coverage);
    }

    /**
     * The keys whose last value the day before was above zero and that have no row this day: one breach each, at
     * the day's end (the reference is that last value).
     */
    private static List<Breach> missingKeys(Metric.Rule rule, Metric.DropToZero d, Input in,
            Map<String, NavigableMap<LocalDateTime, Reconciler.Point>> today, LocalDateTime dayEnd) {
        LocalDate before = in.day().minusDays(1);
        List<Breach> out = new ArrayList<>();
        new TreeMap<>(in.rows().getOrDefault(before, Map.of())).forEach((key, points) -> {
            BigDecimal last = lastValue(points, d.measure());
            if (!today.containsKey(key) && last != null && last.signum() > 0) {
                out.add(new Breach(rule, new PointKey(in.day(), key, dayEnd), null, last, d.measure() + " of key "
                        + key + " was " + HtmlReport.num(last) + " at the end of " + before + " and has no row on "
                        + in.day()));
            }
        });
        return out;
    }

    /** The measure at a key's last point of a day; null without points or when it is NULL. */
    private static BigDecimal lastValue(NavigableMap<LocalDateTime, Reconciler.Point> points, String measure) {
        return points == null || points.isEmpty() ? null : points.lastEntry().getValue().values().get(measure);
    }

    /** The rule's breaches over one key's points of the day; adds the points it could judge to {@code checked}. */
    private static List<Breach> series(Metric.Rule rule, Input in, String key,
            NavigableMap<LocalDateTime, Reconciler.Point> points, long[] checked) {
        List<Breach> out = new ArrayList<>();
        // drop_to_zero: the key's series runs on from its last point of the day before.
        BigDecimal lastGood = rule.check() instanceof Metric.DropToZero d ? lastValue(in.rows()
                .getOrDefault(in.day().minusDays(1), Map.of()).get(key), d.measure()) : null;
        for (Map.Entry<LocalDateTime, Reconciler.Point> p : points.entrySet()) {
            PointKey at = new PointKey(in.day(), key, p.getKey());
            if (rule.check() instanceof Metric.DropToZero d) {
                checked[0]++;
                BigDecimal v = p.getValue().values().get(d.measure());
                if ((v == null || v.signum() == 0) && lastGood != null && lastGood.signum() > 0) {
                    out.add(new Breach(rule, at, v, lastGood, d.measure() + " dropped to " + (v == null ? "NULL"
                            : "0") + " after " + HtmlReport.num(lastGood)));
                } else {
                    lastGood = v;
                }
            } else if (rule.check() instanceof Metric.Threshold t) {
                BigDecimal v = p.getValue().values().get(t.measure());
                checked[0] += v == null ? 0 : 1;
                if (v != null && t.min().filter(min -> v.compareTo(min) < 0).isPresent()) {
                    out.add(new Breach(rule, at, v, t.min().get(), t.measure() + " " + HtmlReport.num(v)
                            + " is below the minimum " + HtmlReport.num(t.min().get())));
                } else if (v != null && t.max().filter(max -> v.compareTo(max) > 0).isPresent()) {
                    out.add(new Breach(rule, at, v, t.max().get(), t.measure() + " " + HtmlReport.num(v)
                            + " is above the maximum " + HtmlReport.num(t.max().get())));
                }
            } else {
                change(rule, (Metric.Change) rule.check(), in, at, p.getValue(), checked).ifPresent(out::add);
            }
        }
        return out;
    }

    private static Optional<Breach> change(Metric.Rule rule, Metric.Change c, Input in, PointKey at,
            Reconciler.Point point, long[] checked) {
        BigDecimal v = point.values().get(c.measure());
        if (v == null) {
            return Optional.empty();
        }
        for (int i = 1; i <= c.lookback(); i++) {
            int days = i * c.periodDays();
            LocalDate day = in.day().minusDays(days);
            LocalDateTime minute = at.minute().minusDays(days);
            Reconciler.Point base = in.rows().getOrDefault(day, Map.of()).getOrDefault(at.key(), new TreeMap<>())
                    .get(minute);
            BigDecimal b = base == null ? null : base.values().get(c.measure());
            if (b == null || in.breachedBefore().contains(new PointKey(day, at.key(), minute))) {
                continue;
            }
            checked[0]++;
            BigDecimal abs = v.subtract(b).abs();
            // Relative change above m: |v - b| > m * |b| (from zero, any change is infinitely large).
            boolean breached = c.maxAbsolute().map(m -> abs.compareTo(m) > 0).orElse(true)
                    && c.maxRelative().map(m -> b.signum() == 0 ? abs.signum() > 0
                            : abs.compareTo(m.multiply(b.abs())) > 0).orElse(true);
            if (!breached) {
                return Optional.empty();
            }
            return Optional.of(new Breach(rule, at, v, b, c.measure() + " " + HtmlReport.num(v) + " against "
                    + HtmlReport.num(b) + " on " + day + " (" + (c.periodDays() == 1 ? "yesterday" : "last week")
                    + (i > 1 ? ", " + i + " periods back past breached points" : "") + "): change "
                    + HtmlReport.num(abs) + (b.signum() == 0 ? "" : ", " + abs.multiply(HUNDRED)
                            .divide(b.abs(), 1, RoundingMode.HALF_UP).toPlainString() + "%")));
        }
        return Optional.empty();
    }

    private static Optional<Breach> dayLevel(Metric.Rule rule, Input in,
            Map<String, NavigableMap<LocalDateTime, Reconciler.Point>> today, LocalDateTime dayEnd) {
        PointKey at = new PointKey(in.day(), DAY_KEY, dayEnd);
        if (rule.check() instanceof Metric.NullRatio n) {
            long[] counts = in.nullCounts().get(n.column());
            if (counts == null || counts[0] == 0) {
                return Optional.empty();
            }
            BigDecimal nulls = BigDecimal.valueOf(counts[0] - counts[1]);
            BigDecimal rows = BigDecimal.valueOf(counts[0]);
            if (nulls.compareTo(n.max().multiply(rows)) <= 0) {
                return Optional.empty();
            }
            BigDecimal ratio = nulls.divide(rows, RATIO_SCALE, RoundingMode.HALF_EVEN);
            return Optional.of(new Breach(rule, at, ratio, n.max(), nulls + " of " + rows + " rows ("
                    + percent(ratio) + "%) have no " + n.column() + "; at most " + percent(n.max()) + "% allowed"));
        }
        Metric.Freshness f = (Metric.Freshness) rule.check();
        LocalDateTime dayStart = in.day().atStartOfDay();
        LocalDateTime reference = in.now().isBefore(dayEnd) ? in.now() : dayEnd;
        if (!reference.isAfter(dayStart)) {
            return Optional.empty();
        }
        LocalDateTime latest = today.values().stream().filter(m -> !m.isEmpty()).map(NavigableMap::lastKey)
                .max(LocalDateTime::compareTo).orElse(dayStart);
        Duration lag = Duration.between(latest, reference);
        return lag.compareTo(f.maxLag()) > 0 ? Optional.of(new Breach(rule, at, BigDecimal.valueOf(lag.toSeconds()),
                BigDecimal.valueOf(f.maxLag().toSeconds()), "the latest window end "
                        + latest.toString().replace('T', ' ')
                        + " lags " + lag.toMinutes() + " min behind " + reference.toString().replace('T', ' ')
                        + "; at most " + f.maxLag().toMinutes() + " min allowed")) : Optional.empty();
    }
}
