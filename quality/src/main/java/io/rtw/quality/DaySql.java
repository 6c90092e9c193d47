package io.rtw.quality;

import io.rtw.meta.Identifiers;

import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the batch check of one metric's rules for one day reads, in SQL: the metric's rows of a day, the breaches
 * earlier checks recorded, streaks of breaches; and the shape of a judged point every {@link RuleKind#judge} returns.
 */
final class DaySql {

    /**
     * A judged point: its key ({@link Rules#DAY_KEY} for a day-level rule) and window end (the day's end for a
     * day-level rule), 0/1 whether it was judged, breached and raised the alert (as the rule's consecutive count
     * says), its value and reference as text, and a detail of the kind's.
     */
    static final List<String> COLUMNS = List.of("rtw_key", "rtw_minute", "rtw_judged", "rtw_breached", "rtw_alert",
            "rtw_value", "rtw_reference", "rtw_detail");

    /** A point the query found breached: value and reference exactly as the column held them, and the detail. */
    record Judged(String key, LocalDateTime minute, BigDecimal value, BigDecimal reference, String detail) {}

    /** How far back earlier breaches count: as baselines to skip, and as days of a day-level streak. */
    static final int HISTORY_DAYS = 62;

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSSSS");

    private final Metric metric;
    private final String from;
    private final Map<String, LogicalType> types;
    private final Optional<String> breaches;
    private final LocalDate day;
    private final LocalDateTime now;

    /**
     * @param from the rows' table as a FROM item (a side's table, with its tag or snapshot)
     * @param types its columns' types
     * @param breaches the breaches table ({@code dqc_breaches}, quoted), when it exists
     * @param now the wall-clock time in the project's zone
     */
    DaySql(Metric metric, String from, Map<String, LogicalType> types, Optional<String> breaches, LocalDate day,
            LocalDateTime now) {
        this.metric = metric;
        this.from = from;
        this.types = Map.copyOf(types);
        this.breaches = breaches;
        this.day = day;
        this.now = now;
    }

    Metric metric() {
        return metric;
    }

    LocalDate day() {
        return day;
    }

    LocalDateTime now() {
        return now;
    }

    LocalDateTime dayStart() {
        return day.atStartOfDay();
    }

    /** The end of the day: the window end of day-level points. */
    LocalDateTime dayEnd() {
        return day.plusDays(1).atStartOfDay();
    }

    /** Whether the day has ended: what may still come during it is judged only then. */
    boolean ended() {
        return !now.isBefore(dayEnd());
    }

    /** The metric's rows of {@code d}, every column, with {@code rtw_key} (the key as alerts name it) and {@code rtw_minute}. */
    String rows(LocalDate d) {
        return "(SELECT *, " + Warehouse.keyExpr(metric.keys()) + " AS rtw_key, CAST("
                + Identifiers.quote(metric.timeColumn()) + " AS TIMESTAMP(3)) AS rtw_minute FROM " + from + " WHERE "
                + Identifiers.quote(metric.dayColumn()) + " = " + literal(d) + ")";
    }

    /** Every row of the day, as {@link #rows} without the key and window end. */
    String dayRows() {
        return "(SELECT * FROM " + from + " WHERE " + Identifiers.quote(metric.dayColumn()) + " = " + literal(day) + ")";
    }

    /**
     * The breaches earlier checks of the metric recorded within {@link #HISTORY_DAYS} before the day (columns
     * {@code rule, key, minute_end, dt}); none before the first check wrote the table.
     */
    String breaches() {
        return breaches.map(t -> "(SELECT `rule`, `key`, minute_end, dt FROM " + t + " WHERE metric = "
                + Identifiers.literal(metric.name()) + " AND dt >= " + literal(day.minusDays(HISTORY_DAYS)) + " AND dt < "
                + literal(day) + ")").orElse("(SELECT CAST(NULL AS STRING) AS `rule`, CAST(NULL AS STRING) AS `key`, "
                        + "CAST(NULL AS TIMESTAMP(3)) AS minute_end, CAST(NULL AS STRING) AS dt FROM (VALUES (1)) AS "
                        + "rtw_none (x) WHERE x = 0)");
    }

    /**
     * A point rule's judged points ({@link #COLUMNS} but {@code rtw_alert}) with the alert where a key's breaches in
     * window-end order first reach the rule's consecutive count.
     */
    String pointAlerts(Metric.Rule rule, String judged) {
        return "SELECT rtw_key, rtw_minute, rtw_judged, rtw_breached, CASE WHEN "
                + RuleSql.streakStarts(rule.consecutive()) + " THEN 1 ELSE 0 END AS rtw_alert, rtw_value, rtw_reference, "
                + "rtw_detail\nFROM " + RuleSql.streaks("(\n" + judged + "\n)", List.of("rtw_key"), "rtw_minute",
                        String.valueOf(rule.consecutive()));
    }

    /**
     * A day-level rule's one judged point ({@link #COLUMNS} but {@code rtw_alert}) with the alert where its breaches
     * reach the rule's consecutive count in days: the {@code consecutive - 1} days before breached (as recorded) and
     * the day before those did not.
     */
    String dayAlerts(Metric.Rule rule, String judged) {
        int n = rule.consecutive();
        if (n == 1) {
            return "SELECT rtw_key, rtw_minute, rtw_judged, rtw_breached, rtw_breached AS rtw_alert, rtw_value, "
                    + "rtw_reference, rtw_detail\nFROM (\n" + judged + "\n)";
        }
        return "SELECT rtw_key, rtw_minute, rtw_judged, rtw_breached, CASE WHEN rtw_breached = 1 AND rtw_run = "
                + (n - 1) + " AND rtw_gap = 0 THEN 1 ELSE 0 END AS rtw_alert, rtw_value, rtw_reference, rtw_detail\n"
                + "FROM (\n" + judged + "\n) AS rtw_j\nCROSS JOIN (SELECT COUNT(DISTINCT CASE WHEN dt >= "
                + literal(day.minusDays(n - 1)) + " THEN dt END) AS rtw_run, COUNT(CASE WHEN dt = "
                + literal(day.minusDays(n)) + " THEN 1 END) AS rtw_gap FROM " + breaches() + " AS rtw_b WHERE `rule` = "
                + Identifiers.literal(rule.name()) + " AND `key` = " + Identifiers.literal(Rules.DAY_KEY) + ") AS rtw_h";
    }

    /** The digits of a numeric column of the rows (an integer type's, or a DECIMAL's precision); empty otherwise. */
    OptionalInt digits(String column) {
        LogicalType t = types.get(column);
        if (t instanceof DecimalType d) {
            return OptionalInt.of(d.getPrecision());
        }
        return t == null ? OptionalInt.empty() : switch (t.getTypeRoot()) {
            case TINYINT -> OptionalInt.of(3);
            case SMALLINT -> OptionalInt.of(5);
            case INTEGER -> OptionalInt.of(10);
            case BIGINT -> OptionalInt.of(19);
            default -> OptionalInt.empty();
        };
    }

    /** A day as the day column holds it. */
    static String literal(LocalDate d) {
        return Identifiers.literal(d.toString());
    }

    /** A wall-clock time to the nanosecond. */
    static String timestamp(LocalDateTime t) {
        return "TIMESTAMP '" + t.format(TIMESTAMP) + "'";
    }

    /** A window end, typed as the judged points' {@code rtw_minute}. */
    static String minute(LocalDateTime t) {
        return "CAST(" + timestamp(t) + " AS TIMESTAMP(3))";
    }
}
