package io.rtw.quality;

import io.rtw.meta.Identifiers;
import io.rtw.meta.Mode;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * Rule kind {@code freshness}: the latest window end of the day lags behind now (or the day's end, for a past day)
 * by more than maxLag. The stream form runs on a clock that ticks every second against the newest window end kept
 * in {@code quality.dqc_latest}, so it alerts when no row arrives at all; it has no batch-mode form.
 */
record Freshness(Duration maxLag) implements DayCheck {

    static final Kind KIND = new Kind("freshness", Freshness.class, List.of("max-lag"), b -> {
        if (b.keys().value("max-lag").isEmpty()) {
            b.problem("missing required key 'max-lag' in " + b.path());
            return Optional.empty();
        }
        return b.keys().duration("max-lag").map(Freshness::new);
    });

    @Override
    public Optional<String> chartMeasure() {
        return Optional.empty();
    }

    @Override
    public boolean onClock() {
        return true;
    }

    @Override
    public Optional<String> unjudged(Rules.Input in) {
        return in.now().isAfter(in.day().atStartOfDay()) ? Optional.empty() : Optional.of("the day has not begun");
    }

    @Override
    public Optional<Rules.Breach> judge(Metric.Rule rule, Rules.Input in,
            Map<String, NavigableMap<LocalDateTime, Reconciler.Point>> today, Rules.PointKey at) {
        LocalDateTime dayStart = in.day().atStartOfDay();
        LocalDateTime dayEnd = in.day().plusDays(1).atStartOfDay();
        LocalDateTime reference = in.now().isBefore(dayEnd) ? in.now() : dayEnd;
        if (!reference.isAfter(dayStart)) {
            return Optional.empty();
        }
        LocalDateTime latest = today.values().stream().filter(m -> !m.isEmpty()).map(NavigableMap::lastKey)
                .max(LocalDateTime::compareTo).orElse(dayStart);
        Duration lag = Duration.between(latest, reference);
        return lag.compareTo(maxLag) > 0 ? Optional.of(new Rules.Breach(rule, at, BigDecimal.valueOf(lag.toSeconds()),
                BigDecimal.valueOf(maxLag.toSeconds()), "the latest window end " + latest.toString().replace('T', ' ')
                        + " lags " + lag.toMinutes() + " min behind " + reference.toString().replace('T', ' ')
                        + "; at most " + maxLag.toMinutes() + " min allowed")) : Optional.empty();
    }

    /**
     * At every tick, the lag of the metric's newest window end (as last committed) behind now; an alert where a
     * stale stretch starts, when the {@code consecutive - 1} days before breached too (in {@code dqc_breaches}).
     * Before any window end, the day's start stands in.
     */
    @Override
    public Optional<StreamRules.Alerts> streamForm(Metric.Rule rule, StreamRules.Form form) {
        if (form.mode() != Mode.STREAM) {
            return Optional.empty();
        }
        Metric metric = form.metric();
        String now = "CAST(rtw_clock.rtw_pt AS TIMESTAMP(3))";
        StreamRules.DaysBefore before = form.daysBefore(rule, "DATE_FORMAT(" + now + ", 'yyyy-MM-dd')",
                "rtw_clock.rtw_pt");
        String lag = "TIMESTAMPDIFF(SECOND, COALESCE(rtw_l.latest, CAST(CAST(" + now + " AS DATE) AS TIMESTAMP(3))), "
                + now + ")";
        String ticks = "(\nSELECT rtw_clock.rtw_pt, " + now + " AS rtw_now, " + lag + " AS rtw_lag, CASE WHEN " + lag
                + " > " + maxLag.toSeconds() + " THEN 1 ELSE 0 END AS rtw_breached" + (before.condition().isEmpty()
                        ? "" : ", " + before.condition() + " AS rtw_days_before") + "\nFROM " + StreamRules.CLOCK
                + " AS rtw_clock\nLEFT JOIN " + form.latest() + " FOR SYSTEM_TIME AS OF rtw_clock.rtw_pt AS rtw_l ON "
                + "rtw_l.metric = " + Identifiers.literal(metric.name()) + before.joins() + "\n) AS rtw_ticks";
        String window = "OVER (ORDER BY rtw_pt ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)";
        String select = "SELECT " + Identifiers.literal(metric.name()) + ", " + Identifiers.literal(rule.name())
                + ", '" + rule.severity().name().toLowerCase(Locale.ROOT) + "', " + Identifiers.literal(Rules.DAY_KEY)
                + ", CAST(FLOOR(rtw_now TO MINUTE) AS TIMESTAMP(3)), CAST(rtw_lag AS " + Warehouse.VALUE_TYPE
                + "), CONCAT('the newest window end lags ', CAST(rtw_lag / 60 AS STRING), ' min behind the clock; "
                + "at most " + maxLag.toMinutes() + " min allowed'), DATE_FORMAT(rtw_now, 'yyyy-MM-dd')\nFROM (\n"
                + "SELECT *, SUM(rtw_breached) " + window + " AS rtw_sum, COUNT(*) " + window + " AS rtw_rows\nFROM "
                + ticks + "\n) AS rtw_stretches\nWHERE rtw_breached = 1 AND (rtw_rows = 1 OR rtw_sum = 1)"
                + (before.condition().isEmpty() ? "" : " AND rtw_days_before");
        return Optional.of(new StreamRules.Alerts("an alert each time the newest window end starts to lag more than "
                + maxLag.toMinutes() + " min behind the clock", select));
    }
}
