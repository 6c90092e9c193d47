package io.rtw.quality;

import io.rtw.meta.Identifiers;
import io.rtw.meta.Mode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the stream form of a metric's rules reads, in SQL: the metric's rows as they arrive (each with its processing
 * time, which orders a key's rows and times the lookups), lookups of the breaches the batch check recorded, the
 * freshness clock, and the SELECT of a rule's alerts in the columns of the stream alerts table.
 */
final class StreamSql {

    /** A rule's alerts: when it alerts, for a comment, and the SELECT. */
    record Alerts(String when, String select) {}

    /** Lookups of a day-level rule's breaches on earlier days, and that the streak reaches the rule's count. */
    record DaysBefore(String joins, String condition) {}

    private final Metric metric;
    private final Mode mode;
    private final String from;
    private final String database;
    private boolean clock;

    /**
     * @param source the job's append-only view or table with the metric's rows; empty for the metric's table (its
     *     changes read as a stream)
     * @param mode stream: rows of a key in arrival order (processing time); batch: in the order of the time column
     */
    StreamSql(Metric metric, Optional<String> source, Mode mode) {
        this.metric = metric;
        this.mode = mode;
        this.database = Identifiers.quote(Warehouse.catalog(metric.table())) + "."
                + Identifiers.quote(Warehouse.DATABASE);
        // The table read as a stream is an update stream (its primary key); its audit log is the same rows
        // appended, which the per-key streak count (an OVER aggregation) can take.
        String[] path = metric.table().split("\\.");
        String metricTable = Identifiers.quote(path[2]);
        String auditLog = metricTable.substring(0, metricTable.length() - 1) + "$audit_log`";
        this.from = source.map(Warehouse::quoted).orElse("(SELECT * FROM " + Identifiers.quote(path[0]) + "."
                + Identifiers.quote(path[1]) + "." + auditLog + " /*+ OPTIONS('scan.mode' = 'latest') */ WHERE rowkind "
                + "IN ('+I', '+U'))");
    }

    Metric metric() {
        return metric;
    }

    /** The metric's rows as they arrive. */
    String from() {
        return from;
    }

    /** The metric's rows with their processing time ({@code rtw_pt}) and key as the alert tables write it ({@code rtw_key}). */
    String base() {
        return "(SELECT *, PROCTIME() AS rtw_pt, " + Warehouse.keyExpr(metric.keys()) + " AS rtw_key FROM " + from
                + ") AS rtw_base";
    }

    /** The quality database of the metric table's catalog, quoted. */
    String database() {
        return database;
    }

    /** A table of the quality database, quoted. */
    String table(String name) {
        return database + "." + Identifiers.quote(name);
    }

    /** The breaches table {@code rtw quality check} writes. */
    String breaches() {
        return table(QualityCheck.BREACHES);
    }

    /**
     * The newest window end of each metric, which the clock looks up; empty in batch, where there is no clock. Asking
     * for it puts the clock and the table's INSERT into the statements.
     */
    Optional<String> latest() {
        if (mode != Mode.STREAM) {
            return Optional.empty();
        }
        clock = true;
        return Optional.of(table(StreamRules.LATEST));
    }

    /** Whether a rule asked for the clock. */
    boolean clock() {
        return clock;
    }

    /** A key's rows in arrival order in a stream; in the order of the time column in batch. */
    String order() {
        return mode == Mode.STREAM ? "rtw_pt" : Identifiers.quote(metric.timeColumn());
    }

    /** The metric's day column, quoted. */
    String day() {
        return Identifiers.quote(metric.dayColumn());
    }

    /** An alert where {@code condition} holds for N consecutive rows of a key and day (N the rule's count). */
    Alerts pointAlerts(Metric.Rule rule, String value, String condition, String message, String rows) {
        List<String> partition = new ArrayList<>(List.of(day()));
        metric.keys().forEach(k -> partition.add(Identifiers.quote(k)));
        String select = select(rule, "rtw_key", "CAST(" + Identifiers.quote(metric.timeColumn()) + " AS TIMESTAMP(3))",
                value, message, day(), RuleSql.streaks(flagged(condition, rows), partition, order(),
                        String.valueOf(rule.consecutive())), RuleSql.streakStarts(rule.consecutive()));
        return new Alerts("an alert when " + rule.consecutive() + " consecutive row(s) of a key breach", select);
    }

    /**
     * An alert at the first row of a day whose day so far breaches {@code condition}, when {@code rows} hold
     * {@code rtw_days_before} (or the rule counts one day).
     */
    Alerts dayAlerts(Metric.Rule rule, String value, String condition, String message, String rows,
            DaysBefore before) {
        String select = select(rule, Identifiers.literal(Rules.DAY_KEY), "CAST(" + Identifiers.quote(metric.timeColumn())
                + " AS TIMESTAMP(3))", value, message, day(), RuleSql.streaks(flagged(condition, rows), List.of(day()),
                        order(), "UNBOUNDED"), "rtw_breached = 1 AND rtw_sum = 1" + (before.condition().isEmpty() ? ""
                        : " AND rtw_days_before"));
        return new Alerts("an alert at the first row of a day whose day so far breaches", select);
    }

    /** The alert rows of {@code from} where {@code where} holds, in the columns of the stream alerts table. */
    String select(Metric.Rule rule, String key, String minute, String value, String message, String day, String from,
            String where) {
        return "SELECT " + Identifiers.literal(metric.name()) + ", " + Identifiers.literal(rule.name()) + ", '"
                + rule.severity().name().toLowerCase(Locale.ROOT) + "', " + key + ", " + minute + ", CAST(" + value
                + " AS " + Warehouse.VALUE_TYPE + "), " + message + ", CAST(" + day + " AS STRING)\nFROM " + from
                + "\nWHERE " + where;
    }

    private static String flagged(String condition, String rows) {
        return "(\nSELECT *, CASE WHEN " + condition + " THEN 1 ELSE 0 END AS rtw_breached\nFROM " + rows
                + "\n) AS rtw_flagged";
    }

    /** {@code day} (a yyyy-MM-dd string) minus {@code days}. */
    static String dayBefore(String day, int days) {
        return "DATE_FORMAT(TIMESTAMPADD(DAY, -" + days + ", TO_TIMESTAMP(" + day + ", 'yyyy-MM-dd')), 'yyyy-MM-dd')";
    }

    /**
     * Lookups at processing time {@code at} of a day-level rule's breaches on the days before {@code day}: the streak
     * reaches the rule's count when the {@code consecutive - 1} days before breached and the day before those did
     * not, within the history the batch check counts ({@link DaySql#HISTORY_DAYS}). Empty for a count of one.
     */
    DaysBefore daysBefore(Metric.Rule rule, String day, String at) {
        int n = rule.consecutive();
        if (n == 1) {
            return new DaysBefore("", "");
        }
        if (n - 1 > DaySql.HISTORY_DAYS) {
            return new DaysBefore("", "FALSE");
        }
        StringBuilder joins = new StringBuilder();
        List<String> found = new ArrayList<>();
        for (int i = 1; i <= Math.min(n, DaySql.HISTORY_DAYS); i++) {
            String dayEnd = "TO_TIMESTAMP(" + dayBefore(day, i - 1) + ", 'yyyy-MM-dd')";
            joins.append(breachLookup("rtw_d" + i, rule.name(), dayBefore(day, i), Identifiers.literal(Rules.DAY_KEY),
                    dayEnd, at));
            found.add("rtw_d" + i + ".`rule` IS " + (i < n ? "NOT NULL" : "NULL"));
        }
        return new DaysBefore(joins.toString(), String.join(" AND ", found));
    }

    /**
     * A lookup of {@code dqc_breaches} at processing time {@code at}: whether the batch check found rule {@code rule}
     * breached at the point.
     */
    String breachLookup(String alias, String rule, String day, String key, String minute, String at) {
        return "\nLEFT JOIN " + breaches() + " FOR SYSTEM_TIME AS OF " + at + " AS " + alias + " ON " + alias
                + ".metric = " + Identifiers.literal(metric.name()) + " AND " + alias + ".dt = " + day + " AND " + alias
                + ".`rule` = " + Identifiers.literal(rule) + " AND " + alias + ".`key` = " + key + " AND " + alias
                + ".minute_end = " + minute;
    }
}
