package io.rtw.quality;

import org.apache.flink.types.Row;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The batch evaluation of a metric's DQC rules for one day: every rule's {@link RuleKind#judge} query in one query
 * (one Flink job), which returns the breached points, where an alert fired, and how many points each rule could
 * judge. Values are the columns' own, compared in SQL exactly as decimals and integers.
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
     * How much of the day a rule could judge: {@code checked} of {@code points} (a rule without what it needs at a
     * point, such as a clean baseline or a value, neither passes nor breaches there), and why the rest was not.
     */
    record Coverage(long checked, long points, String unchecked) {}

    /** Every breach and alert of the day, and each rule's coverage by name. */
    record Outcome(List<Breach> breaches, List<Alert> alerts, Map<String, Coverage> coverage) {}

    private static final Comparator<Breach> ORDER = Comparator.comparing((Breach b) -> b.point().key())
            .thenComparing(b -> b.point().minute());

    private Rules() {}

    /** Evaluates the rules of {@code day}'s metric with one query, run by {@code query}. */
    static Outcome check(DaySql day, Function<String, List<Row>> query) {
        List<Metric.Rule> rules = day.metric().rules();
        if (rules.isEmpty()) {
            return new Outcome(List.of(), List.of(), Map.of());
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            String judged = "(\n" + rules.get(i).kind().judge(day, rules.get(i)) + "\n) AS rtw_judged";
            parts.add("SELECT " + i + ", CAST(rtw_key AS STRING), rtw_minute, CAST(rtw_value AS STRING), "
                    + "CAST(rtw_reference AS STRING), CAST(rtw_detail AS STRING), rtw_alert, CAST(NULL AS BIGINT), "
                    + "CAST(NULL AS BIGINT)\nFROM " + judged + "\nWHERE rtw_breached = 1");
            parts.add("SELECT " + i + ", CAST(NULL AS STRING), CAST(NULL AS TIMESTAMP(3)), CAST(NULL AS STRING), "
                    + "CAST(NULL AS STRING), CAST(NULL AS STRING), 0, COUNT(*), CAST(SUM(rtw_judged) AS BIGINT)\nFROM "
                    + judged);
        }
        List<List<Breach>> breaches = new ArrayList<>();
        List<List<Breach>> alerted = new ArrayList<>();
        long[][] counts = new long[rules.size()][2];
        rules.forEach(r -> {
            breaches.add(new ArrayList<>());
            alerted.add(new ArrayList<>());
        });
        for (Row row : query.apply(String.join("\nUNION ALL\n", parts))) {
            int i = (Integer) row.getField(0);
            if (row.getField(7) != null) {
                counts[i][0] = (Long) row.getField(7);
                counts[i][1] = row.getField(8) == null ? 0 : (Long) row.getField(8);
                continue;
            }
            Metric.Rule rule = rules.get(i);
            Breach b = rule.kind().breach(day, rule, new DaySql.Judged((String) row.getField(1),
                    (LocalDateTime) row.getField(2), decimal(row.getField(3)), decimal(row.getField(4)),
                    (String) row.getField(5)));
            breaches.get(i).add(b);
            if ((Integer) row.getField(6) == 1) {
                alerted.get(i).add(b);
            }
        }
        List<Breach> allBreaches = new ArrayList<>();
        List<Alert> alerts = new ArrayList<>();
        Map<String, Coverage> coverage = new LinkedHashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            Metric.Rule rule = rules.get(i);
            breaches.get(i).stream().sorted(ORDER).forEach(allBreaches::add);
            alerted.get(i).stream().sorted(ORDER).forEach(b -> alerts.add(new Alert(rule, b.point(),
                    rule.consecutive(), b.message())));
            coverage.put(rule.name(), new Coverage(counts[i][1], counts[i][0], rule.kind().unjudged(day)));
        }
        return new Outcome(allBreaches, alerts, coverage);
    }

    /** A value the query returned as text: exactly the decimal or integer the column held, or an estimate. */
    private static BigDecimal decimal(Object text) {
        if (text == null) {
            return null;
        }
        try {
            return new BigDecimal((String) text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a measure's value is " + text, e);
        }
    }
}
