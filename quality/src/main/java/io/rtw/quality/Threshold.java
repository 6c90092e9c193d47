package io.rtw.quality;

import io.rtw.meta.Identifiers;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;

/** Rule kind {@code threshold}: the measure is below min or above max. */
record Threshold(String measure, Optional<BigDecimal> min, Optional<BigDecimal> max) implements PointCheck {

    static final Kind KIND = new Kind("threshold", Threshold.class, List.of("measure", "min", "max"), b -> {
        Optional<String> measure = b.measure();
        Optional<BigDecimal> min = b.keys().number("min");
        Optional<BigDecimal> max = b.keys().number("max");
        if (b.keys().value("min").isEmpty() && b.keys().value("max").isEmpty()) {
            b.problem("a threshold check needs min, max or both");
        }
        return measure.map(m -> new Threshold(m, min, max));
    });

    @Override
    public Optional<String> chartMeasure() {
        return Optional.of(measure);
    }

    @Override
    public Rules.Series series(Metric.Rule rule, Rules.Input in, String key,
            NavigableMap<LocalDateTime, Reconciler.Point> points) {
        List<Rules.Breach> out = new ArrayList<>();
        long checked = 0;
        for (Map.Entry<LocalDateTime, Reconciler.Point> p : points.entrySet()) {
            BigDecimal v = p.getValue().values().get(measure);
            if (v == null) {
                continue;
            }
            checked++;
            Rules.PointKey at = new Rules.PointKey(in.day(), key, p.getKey());
            if (min.filter(m -> v.compareTo(m) < 0).isPresent()) {
                out.add(new Rules.Breach(rule, at, v, min.get(), measure + " " + HtmlReport.num(v)
                        + " is below the minimum " + HtmlReport.num(min.get())));
            } else if (max.filter(m -> v.compareTo(m) > 0).isPresent()) {
                out.add(new Rules.Breach(rule, at, v, max.get(), measure + " " + HtmlReport.num(v)
                        + " is above the maximum " + HtmlReport.num(max.get())));
            }
        }
        return new Rules.Series(out, checked);
    }

    @Override
    public Optional<StreamRules.Alerts> streamForm(Metric.Rule rule, StreamRules.Form form) {
        String value = Identifiers.quote(measure);
        List<String> conditions = new ArrayList<>();
        min.ifPresent(m -> conditions.add(value + " < " + HtmlReport.num(m)));
        max.ifPresent(m -> conditions.add(value + " > " + HtmlReport.num(m)));
        String message = "CONCAT('" + measure + " ', CAST(" + value + " AS STRING), ' is outside ["
                + min.map(HtmlReport::num).orElse("") + ", " + max.map(HtmlReport::num).orElse("") + "]')";
        return Optional.of(form.perKey(rule, value, String.join(" OR ", conditions), message, form.base()));
    }
}
