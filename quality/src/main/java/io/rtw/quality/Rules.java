package io.rtw.quality;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The DQC rule evaluator: each rule's kind judges the points of a day (see {@link Check}), then an alert is raised
 * where the breaches of a rule and key reach the rule's {@code consecutive} count. Values are decimals, compared
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

    /** The breaches of one key's series, and how many of its points could be judged. */
    record Series(List<Breach> breaches, long checked) {}

    /**
     * What the rules are evaluated on.
     *
     * @param rows the metric's rows: the day and every earlier day a rule asked for ({@link Check#daysBefore})
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

    /** One rule's breaches, alerts and coverage of the day. */
    record Judged(List<Breach> breaches, List<Alert> alerts, Coverage coverage) {}

    /** Every breach and alert of the day, and each rule's coverage by name. */
    record Outcome(List<Breach> breaches, List<Alert> alerts, Map<String, Coverage> coverage) {}

    private Rules() {}

    static Outcome evaluate(Metric metric, Input in) {
        List<Breach> breaches = new ArrayList<>();
        List<Alert> alerts = new ArrayList<>();
        Map<String, Coverage> coverage = new LinkedHashMap<>();
        for (Metric.Rule rule : metric.rules()) {
            Judged judged = rule.check().evaluate(rule, in);
            breaches.addAll(judged.breaches());
            alerts.addAll(judged.alerts());
            coverage.put(rule.name(), judged.coverage());
        }
        return new Outcome(breaches, alerts, coverage);
    }

    /** A day-level rule: one point, an alert when the days before breached too up to the rule's count. */
    static Judged day(Metric.Rule rule, DayCheck check, Input in) {
        List<Breach> breaches = new ArrayList<>();
        List<Alert> alerts = new ArrayList<>();
        Optional<String> unjudged = check.unjudged(in);
        Optional<Breach> b = check.judge(rule, in, today(in), new PointKey(in.day(), DAY_KEY,
                in.day().plusDays(1).atStartOfDay()));
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
        return new Judged(breaches, alerts, new Coverage(unjudged.isEmpty() ? 1 : 0, 1, unjudged.orElse("")));
    }

    /** A rule judged per point: each key's series, and its keys without rows (judged once the day has ended). */
    static Judged points(Metric.Rule rule, PointCheck check, Input in) {
        List<Breach> breaches = new ArrayList<>();
        List<Alert> alerts = new ArrayList<>();
        Map<String, NavigableMap<LocalDateTime, Reconciler.Point>> today = today(in);
        long checked = 0;
        long points = 0;
        String unchecked = check.unchecked();
        List<Breach> absent = check.absentKeys(rule, in, today);
        points += absent.size();
        if (!absent.isEmpty() && in.now().isBefore(in.day().plusDays(1).atStartOfDay())) {
            unchecked = "keys of the day before without a row yet: judged once the day has ended";
        } else {
            checked += absent.size();
            // A key without a row all day: the whole day is the streak, whatever the rule's count.
            for (Breach b : absent) {
                breaches.add(b);
                alerts.add(new Alert(rule, b.point(), rule.consecutive(), b.message()));
            }
        }
        for (Map.Entry<String, NavigableMap<LocalDateTime, Reconciler.Point>> e : new TreeMap<>(today).entrySet()) {
            points += e.getValue().size();
            Series series = check.series(rule, in, e.getKey(), e.getValue());
            checked += series.checked();
            breaches.addAll(series.breaches());
            Set<LocalDateTime> breached = new TreeSet<>();
            series.breaches().forEach(b -> breached.add(b.point().minute()));
            int streak = 0;
            for (LocalDateTime minute : e.getValue().keySet()) {
                streak = breached.contains(minute) ? streak + 1 : 0;
                if (streak == rule.consecutive()) {
                    Breach b = series.breaches().stream().filter(x -> x.point().minute().equals(minute)).findFirst()
                            .orElseThrow();
                    alerts.add(new Alert(rule, b.point(), streak, b.message()));
                }
            }
        }
        return new Judged(breaches, alerts, new Coverage(checked, points, unchecked));
    }

    /** The checked day's rows per key. */
    private static Map<String, NavigableMap<LocalDateTime, Reconciler.Point>> today(Input in) {
        return in.rows().getOrDefault(in.day(), Map.of());
    }
}
