package io.rtw.quality;

import io.rtw.meta.Identifiers;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Rule kind {@code drop_to_zero}: the measure is zero (or NULL) where the previous good point of the key was above
 * zero, the key's series running on from the previous day's last point; or the key had a last value above zero the
 * previous day and no row at all this day. In stream form (for cumulative metrics, whose rows of a day are never
 * legitimately zero) the row alone is judged.
 */
record DropToZero(String measure) implements PointCheck {

    static final Kind KIND = new Kind("drop_to_zero", DropToZero.class, List.of("measure"),
            b -> b.measure().map(DropToZero::new));

    @Override
    public Optional<String> chartMeasure() {
        return Optional.of(measure);
    }

    @Override
    public Set<LocalDate> daysBefore(LocalDate day) {
        return Set.of(day.minusDays(1));
    }

    @Override
    public Rules.Series series(Metric.Rule rule, Rules.Input in, String key,
            NavigableMap<LocalDateTime, Reconciler.Point> points) {
        List<Rules.Breach> out = new ArrayList<>();
        BigDecimal lastGood = lastValue(in.rows().getOrDefault(in.day().minusDays(1), Map.of()).get(key));
        for (Map.Entry<LocalDateTime, Reconciler.Point> p : points.entrySet()) {
            BigDecimal v = p.getValue().values().get(measure);
            if ((v == null || v.signum() == 0) && lastGood != null && lastGood.signum() > 0) {
                out.add(new Rules.Breach(rule, new Rules.PointKey(in.day(), key, p.getKey()), v, lastGood,
                        measure + " dropped to " + (v == null ? "NULL" : "0") + " after "
                                + HtmlReport.num(lastGood)));
            } else {
                lastGood = v;
            }
        }
        return new Rules.Series(out, points.size());
    }

    @Override
    public List<Rules.Breach> absentKeys(Metric.Rule rule, Rules.Input in,
            Map<String, NavigableMap<LocalDateTime, Reconciler.Point>> today) {
        LocalDate before = in.day().minusDays(1);
        LocalDateTime dayEnd = in.day().plusDays(1).atStartOfDay();
        List<Rules.Breach> out = new ArrayList<>();
        new TreeMap<>(in.rows().getOrDefault(before, Map.of())).forEach((key, points) -> {
            BigDecimal last = lastValue(points);
            if (!today.containsKey(key) && last != null && last.signum() > 0) {
                out.add(new Rules.Breach(rule, new Rules.PointKey(in.day(), key, dayEnd), null, last, measure
                        + " of key " + key + " was " + HtmlReport.num(last) + " at the end of " + before
                        + " and has no row on " + in.day()));
            }
        });
        return out;
    }

    /** The measure at a key's last point of a day; null without points or when it is NULL. */
    private BigDecimal lastValue(NavigableMap<LocalDateTime, Reconciler.Point> points) {
        return points == null || points.isEmpty() ? null : points.lastEntry().getValue().values().get(measure);
    }

    @Override
    public Optional<StreamRules.Alerts> streamForm(Metric.Rule rule, StreamRules.Form form) {
        String value = Identifiers.quote(measure);
        return Optional.of(form.perKey(rule, value, value + " = 0 OR " + value + " IS NULL",
                "'" + measure + " dropped to zero'", form.base()));
    }
}
