package io.rtw.quality;

import io.rtw.meta.Identifiers;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The measure is below min or above max (either may be absent); a NULL value is not judged. */
record Threshold(String measure, Optional<BigDecimal> min, Optional<BigDecimal> max) implements RuleKind {

    private static final String BELOW = "below";

    /** Whether {@code v} is outside the bounds. */
    private String outside(String v) {
        List<String> conds = new ArrayList<>();
        min.ifPresent(m -> conds.add(v + " < " + RuleSql.decimal(m)));
        max.ifPresent(m -> conds.add(v + " > " + RuleSql.decimal(m)));
        return String.join(" OR ", conds);
    }

    @Override
    public String judge(DaySql day, Metric.Rule rule) {
        String v = Identifiers.quote(measure);
        String below = min.map(m -> "CASE WHEN " + v + " < " + RuleSql.decimal(m) + " THEN '" + BELOW + "' END")
                .orElse("CAST(NULL AS STRING)");
        return day.pointAlerts(rule, "SELECT rtw_key, rtw_minute, CASE WHEN " + v + " IS NULL THEN 0 ELSE 1 END AS "
                + "rtw_judged, CASE WHEN " + outside(v) + " THEN 1 ELSE 0 END AS rtw_breached, CAST(" + v + " AS STRING) "
                + "AS rtw_value, CAST(NULL AS STRING) AS rtw_reference, " + below + " AS rtw_detail\nFROM "
                + day.rows(day.day()));
    }

    @Override
    public Rules.Breach breach(DaySql day, Metric.Rule rule, DaySql.Judged p) {
        boolean below = BELOW.equals(p.detail());
        BigDecimal limit = below ? min.orElseThrow() : max.orElseThrow();
        return new Rules.Breach(rule, new Rules.PointKey(day.day(), p.key(), p.minute()), p.value(), limit, measure
                + " " + HtmlReport.num(p.value()) + " is " + (below ? "below the minimum " : "above the maximum ")
                + HtmlReport.num(limit));
    }

    @Override
    public String unjudged(DaySql day) {
        return "no value";
    }

    @Override
    public Optional<StreamSql.Alerts> stream(StreamSql s, Metric.Rule rule) {
        String v = Identifiers.quote(measure);
        return Optional.of(s.pointAlerts(rule, v, outside(v), "CONCAT('" + measure + " ', CAST(" + v + " AS STRING), "
                + "' is outside [" + min.map(HtmlReport::num).orElse("") + ", " + max.map(HtmlReport::num).orElse("")
                + "]')", s.base()));
    }

    @Override
    public List<QualityCheck.Curve> curves(DaySql day) {
        return List.of(new QualityCheck.Curve(measure, 0, day.day().toString(), "right"));
    }
}
