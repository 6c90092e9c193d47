package io.rtw.quality;

import io.rtw.meta.Identifiers;
import io.rtw.meta.Mode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The stream form of a metric's DQC rules: SQL a stream job runs beside its inserts, judging each result row as it
 * arrives and writing an alert to {@code <catalog>.quality.dqc_stream_alerts} and to the task log (a print sink)
 * where a key's rows start a streak of the rule's {@code consecutive} breaches, as {@code rtw quality check} does.
 * Threshold and drop_to_zero (for cumulative metrics: a cumulative row of a day is never legitimately zero) judge
 * the row; change looks up the same minute of earlier days in the metric table, past points {@code dqc_breaches}
 * holds; null_ratio judges the day so far and alerts once a day, counting the days before from
 * {@code dqc_breaches}; freshness keeps the newest window end in {@code quality.dqc_latest} (its sequence
 * field) and compares it with a clock that ticks every second, so it alerts when no row arrives at all.
 */
final class StreamRules {

    /** The stream alerts table, in database {@code quality} of the metric table's catalog. */
    static final String TABLE = "dqc_stream_alerts";
    private static final String LOG = "rtw_dqc_alert_log";
    /** The newest window end per metric, for freshness rules, in database {@code quality}. */
    static final String LATEST = "dqc_latest";
    /** The freshness rules' clock: one row a second (datagen). */
    static final String CLOCK = "rtw_dqc_clock";

    private StreamRules() {}

    /**
     * Over the last N+1 rows of a key (S breached, C rows, F whether the oldest breached): the current row
     * completes N consecutive breaches, and the streak starts here (the row before it, if any, did not breach).
     */
    private static final String STREAK_STARTS = "rtw_breached = 1 AND rtw_sum = %1$d AND (rtw_rows = %1$d OR "
            + "(rtw_rows = %2$d AND rtw_oldest = 0))";


    /**
     * The statements, without trailing semicolons: the alerts table and log sink, then one INSERT per rule into
     * each (freshness only in stream mode: it runs on a clock).
     *
     * @param source the job's append-only view or table with the metric's rows; empty for the metric's table (its
     *     changes read as a stream)
     * @param mode stream: rows of a key in arrival order (processing time); batch: in the order of the time column
     */
    static List<String> statements(Metric metric, Optional<String> source, Mode mode) {
        String catalog = Identifiers.quote(Warehouse.catalog(metric.table()));
        String database = catalog + "." + Identifiers.quote(Warehouse.DATABASE);
        String table = database + "." + Identifiers.quote(TABLE);
        String breaches = database + "." + Identifiers.quote(QualityCheck.BREACHES);
        String columns = "  metric STRING,\n  `rule` STRING,\n  severity STRING,\n  `key` STRING,\n  minute_end "
                + "TIMESTAMP(3),\n  `value` " + Warehouse.VALUE_TYPE + ",\n  message STRING,\n  dt STRING";
        List<String> out = new ArrayList<>();
        out.add("-- DQC rules of metric " + metric.name() + " in stream form (rtw quality sql)"
                + "\nCREATE DATABASE IF NOT EXISTS " + database);
        out.add("CREATE TABLE IF NOT EXISTS " + table + " (\n" + columns + ",\n  PRIMARY KEY (dt, metric, `rule`, "
                + "`key`, minute_end) NOT ENFORCED\n) PARTITIONED BY (dt)");
        // What rtw quality check writes (the same definition); change and null_ratio look up earlier days in it.
        out.add("CREATE TABLE IF NOT EXISTS " + breaches + " (\n" + QualityCheck.BREACH_COLUMNS.entrySet().stream()
                .map(c -> "  " + Identifiers.quote(c.getKey()) + " " + c.getValue() + ",\n")
                .collect(Collectors.joining())
                + "  metric STRING,\n  dt STRING,\n  PRIMARY KEY (metric, dt, `rule`, `key`, minute_end) NOT ENFORCED\n"
                + ") PARTITIONED BY (metric, dt) WITH ('bucket' = '1')");
        out.add("CREATE TEMPORARY TABLE IF NOT EXISTS " + LOG + " (\n" + columns + "\n) WITH ('connector' = 'print', "
                + "'print-identifier' = 'DQC alert')");
        // The table read as a stream is an update stream (its primary key); its audit log is the same rows
        // appended, which the per-key streak count (an OVER aggregation) can take.
        String[] path = metric.table().split("\\.");
        String metricTable = Identifiers.quote(path[2]);
        String auditLog = metricTable.substring(0, metricTable.length() - 1) + "$audit_log`";
        String from = source.map(Warehouse::quoted).orElse("(SELECT * FROM " + Identifiers.quote(path[0]) + "."
                + Identifiers.quote(path[1]) + "." + auditLog + " /*+ OPTIONS('scan.mode' = 'latest') */ WHERE rowkind "
                + "IN ('+I', '+U'))");
        // Every row with its processing time (lookups, arrival order) and its key as the alert tables write it.
        String base = "(SELECT *, PROCTIME() AS rtw_pt, " + Warehouse.keyExpr(metric.keys()) + " AS rtw_key FROM "
                + from + ") AS rtw_base";
        String day = Identifiers.quote(metric.dayColumn());
        String latest = database + "." + Identifiers.quote(LATEST);
        boolean clock = mode == Mode.STREAM && metric.rules().stream().anyMatch(r -> r.check() instanceof Metric.Freshness);
        if (clock) {
            // The newest window end of each metric (the row with the greatest sequence field wins), and a clock that
            // ticks every second.
            out.add("CREATE TABLE IF NOT EXISTS " + latest + " (\n  metric STRING,\n  latest TIMESTAMP(3),\n  PRIMARY "
                    + "KEY (metric) NOT ENFORCED\n) WITH ('sequence.field' = 'latest', 'bucket' = '1')");
            out.add("CREATE TEMPORARY TABLE IF NOT EXISTS " + CLOCK + " (\n  tick INT,\n  rtw_pt AS PROCTIME()\n) WITH "
                    + "('connector' = 'datagen', 'rows-per-second' = '1', 'fields.tick.min' = '0', 'fields.tick.max' = '0')");
            out.add("-- the newest window end of " + metric.name() + ", for its freshness rules\nINSERT INTO " + latest
                    + "\nSELECT " + Identifiers.literal(metric.name()) + ", CAST(" + Identifiers.quote(metric.timeColumn())
                    + " AS TIMESTAMP(3)) FROM " + from + " AS rtw_rows");
        }
        for (Metric.Rule rule : metric.rules()) {
            if (rule.check() instanceof Metric.Freshness f) {
                if (!clock) {
                    continue;
                }
                String select = freshness(metric, rule, f, latest, breaches);
                out.add("-- " + rule.name() + ": an alert each time the newest window end starts to lag more than "
                        + f.maxLag().toMinutes() + " min behind the clock\nINSERT INTO " + table + "\n" + select);
                out.add("INSERT INTO " + LOG + "\n" + select);
                continue;
            }
            String value;
            String condition;
            String message;
            String rows = base;
            String key = "rtw_key";
            String alertWhere = STREAK_STARTS.formatted(rule.consecutive(), rule.consecutive() + 1);
            boolean dayLevel = false;
            if (rule.check() instanceof Metric.Threshold t) {
                value = Identifiers.quote(t.measure());
                List<String> conds = new ArrayList<>();
                t.min().ifPresent(min -> conds.add(value + " < " + HtmlReport.num(min)));
                t.max().ifPresent(max -> conds.add(value + " > " + HtmlReport.num(max)));
                condition = String.join(" OR ", conds);
                message = "CONCAT('" + t.measure() + " ', CAST(" + value + " AS STRING), ' is outside ["
                        + t.min().map(HtmlReport::num).orElse("") + ", " + t.max().map(HtmlReport::num).orElse("")
                        + "]')";
            } else if (rule.check() instanceof Metric.DropToZero d) {
                value = Identifiers.quote(d.measure());
                condition = value + " = 0 OR " + value + " IS NULL";
                message = "'" + d.measure() + " dropped to zero'";
            } else if (rule.check() instanceof Metric.Change c) {
                value = Identifiers.quote(c.measure());
                rows = withBaseline(metric, c, base, breaches);
                String abs = "ABS(" + value + " - rtw_baseline)";
                List<String> conds = new ArrayList<>(List.of(value + " IS NOT NULL", "rtw_baseline IS NOT NULL"));
                c.maxAbsolute().ifPresent(m -> conds.add(abs + " > " + HtmlReport.num(m)));
                // Relative change above m, exactly: |v - b| > m * |b| (from zero, any change).
                c.maxRelative().ifPresent(m -> conds.add("(CASE WHEN rtw_baseline = 0 THEN " + abs + " > 0 ELSE "
                        + abs + " > " + HtmlReport.num(m) + " * ABS(rtw_baseline) END)"));
                condition = String.join(" AND ", conds);
                message = "CONCAT('" + c.measure() + " ', CAST(" + value + " AS STRING), ' against ', CAST("
                        + "rtw_baseline AS STRING), ' " + (c.periodDays() == 1 ? "yesterday" : "last week")
                        + " (or the last clean period before)')";
            } else {
                Metric.NullRatio n = (Metric.NullRatio) rule.check();
                dayLevel = true;
                key = Identifiers.literal(Rules.DAY_KEY);
                value = "rtw_ratio";
                // Exactly: nulls above max times rows (the ratio itself is rounded).
                condition = "rtw_nulls > " + HtmlReport.num(n.max()) + " * rtw_rows_so_far";
                message = "CONCAT(CAST(ROUND(rtw_ratio * 100, 2) AS STRING), '% of the day''s rows so far have no "
                        + n.column() + "; at most " + HtmlReport.num(n.max().movePointRight(2)) + "% allowed')";
                rows = withNullRatio(metric, n, base, mode);
                // Once a day, at the first row that breaches, when the consecutive-1 days before breached too (as
                // the batch check recorded them).
                DaysBefore before = daysBefore(breaches, metric, rule, "rtw_base." + day, "rtw_base.rtw_pt");
                if (!before.condition().isEmpty()) {
                    rows = withNullRatio(metric, n, "(\nSELECT rtw_base.*, " + before.condition()
                            + " AS rtw_days_before\nFROM " + base + before.joins() + "\n) AS rtw_with_days", mode);
                }
                alertWhere = "rtw_breached = 1 AND rtw_sum = 1" + (before.condition().isEmpty() ? ""
                        : " AND rtw_days_before");
            }
            String select = "SELECT " + Identifiers.literal(metric.name()) + ", " + Identifiers.literal(rule.name()) + ", '"
                    + rule.severity().name().toLowerCase(Locale.ROOT) + "', " + key + ", CAST("
                    + Identifiers.quote(metric.timeColumn()) + " AS TIMESTAMP(3)), CAST(" + value + " AS "
                    + Warehouse.VALUE_TYPE + "), "
                    + message + ", CAST(" + day + " AS STRING)\n"
                    + "FROM " + streaks(metric, rule.consecutive(), condition, rows,
                            mode, dayLevel) + "\n"
                    + "WHERE " + alertWhere;
            out.add("-- " + rule.name() + (dayLevel ? ": an alert at the first row of a day whose day so far breaches"
                    : ": an alert when " + rule.consecutive() + " consecutive row(s) of a key breach")
                    + "\nINSERT INTO " + table + "\n" + select);
            out.add("INSERT INTO " + LOG + "\n" + select);
        }
        return out;
    }

    /**
     * The rows with, per row, the breach flag and the breaches among the last N+1 rows of its key and day (or of its
     * day alone, for a day-level rule, since the day began).
     */
    private static String streaks(Metric metric, int n, String condition, String from, Mode mode, boolean dayLevel) {
        String flag = "CASE WHEN " + condition + " THEN 1 ELSE 0 END";
        List<String> keys = new ArrayList<>(List.of(metric.dayColumn()));
        if (!dayLevel) {
            keys.addAll(metric.keys());
        }
        String frame = dayLevel ? "UNBOUNDED" : String.valueOf(n);
        String window = "OVER (" + partition(keys) + "ORDER BY " + order(metric, mode) + " ROWS BETWEEN " + frame
                + " PRECEDING AND CURRENT ROW)";
        return "(\nSELECT *, " + flag + " AS rtw_breached, SUM(" + flag + ") " + window + " AS rtw_sum, COUNT(*) "
                + window + " AS rtw_rows, FIRST_VALUE(" + flag + ") " + window + " AS rtw_oldest\nFROM " + from
                + "\n) AS rtw_streaks";
    }

    private static String partition(List<String> columns) {
        return "PARTITION BY " + columns.stream().map(Identifiers::quote).collect(Collectors.joining(", ")) + " ";
    }

    /** Rows of a key in arrival order in a stream; in the order of the time column in batch. */
    private static String order(Metric metric, Mode mode) {
        return mode == Mode.STREAM ? "rtw_pt" : Identifiers.quote(metric.timeColumn());
    }

    /** {@code day} (a yyyy-MM-dd string) minus {@code days}. */
    private static String dayBefore(String day, int days) {
        return "DATE_FORMAT(TIMESTAMPADD(DAY, -" + days + ", TO_TIMESTAMP(" + day + ", 'yyyy-MM-dd')), 'yyyy-MM-dd')";
    }

    /** Lookups of a day-level rule's breaches on the {@code consecutive - 1} days before, and that all were found. */
    private record DaysBefore(String joins, String condition) {}

    private static DaysBefore daysBefore(String breaches, Metric metric, Metric.Rule rule, String day, String at) {
        StringBuilder joins = new StringBuilder();
        List<String> found = new ArrayList<>();
        for (int i = 1; i < rule.consecutive(); i++) {
            String dayEnd = "TO_TIMESTAMP(" + dayBefore(day, i - 1) + ", 'yyyy-MM-dd')";
            joins.append(breachLookup(breaches, "rtw_d" + i, metric, rule.name(), dayBefore(day, i),
                    Identifiers.literal(Rules.DAY_KEY), dayEnd, at));
            found.add("rtw_d" + i + ".`rule` IS NOT NULL");
        }
        return new DaysBefore(joins.toString(), String.join(" AND ", found));
    }

    /**
     * A lookup of {@code dqc_breaches} at processing time {@code at}: whether the batch check found rule {@code rule}
     * breached at the point.
     */
    private static String breachLookup(String breaches, String alias, Metric metric, String rule, String day,
            String key, String minute, String at) {
        return "\nLEFT JOIN " + breaches + " FOR SYSTEM_TIME AS OF " + at + " AS " + alias + " ON " + alias
                + ".metric = " + Identifiers.literal(metric.name()) + " AND " + alias + ".dt = " + day + " AND " + alias
                + ".`rule` = " + Identifiers.literal(rule) + " AND " + alias + ".`key` = " + key + " AND " + alias
                + ".minute_end = " + minute;
    }

    /**
     * The rows with {@code rtw_baseline}: the measure at the same minute one period back, or further back (up to
     * lookback periods) past points where {@code dqc_breaches} holds a breach of any of the metric's rules.
     */
    private static String withBaseline(Metric metric, Metric.Change c, String base, String breaches) {
        String day = "rtw_base." + Identifiers.quote(metric.dayColumn());
        String time = "rtw_base." + Identifiers.quote(metric.timeColumn());
        StringBuilder joins = new StringBuilder();
        List<String> cases = new ArrayList<>();
        for (int i = 1; i <= c.lookback(); i++) {
            int days = i * c.periodDays();
            String b = "rtw_b" + i;
            String bDay = dayBefore(day, days);
            String bTime = "TIMESTAMPADD(DAY, -" + days + ", " + time + ")";
            joins.append("\nLEFT JOIN ").append(Warehouse.quoted(metric.table())).append(" FOR SYSTEM_TIME AS OF rtw_base.rtw_pt AS ")
                    .append(b).append(" ON ").append(b).append('.').append(Identifiers.quote(metric.dayColumn()))
                    .append(" = ").append(bDay);
            for (String k : metric.keys()) {
                joins.append(" AND ").append(b).append('.').append(Identifiers.quote(k)).append(" = rtw_base.")
                        .append(Identifiers.quote(k));
            }
            joins.append(" AND ").append(b).append('.').append(Identifiers.quote(metric.timeColumn())).append(" = ")
                    .append(bTime);
            List<String> clean = new ArrayList<>(List.of(b + "." + Identifiers.quote(c.measure()) + " IS NOT NULL"));
            int j = 0;
            for (Metric.Rule rule : metric.rules()) {
                String x = b + "_x" + j++;
                joins.append(breachLookup(breaches, x, metric, rule.name(), bDay, "rtw_base.rtw_key", bTime,
                        "rtw_base.rtw_pt"));
                clean.add(x + ".`rule` IS NULL");
            }
            cases.add("WHEN " + String.join(" AND ", clean) + " THEN " + b + "." + Identifiers.quote(c.measure()));
        }
        return "(\nSELECT rtw_base.*, CASE " + String.join(" ", cases) + " END AS rtw_baseline\nFROM " + base
                + joins + "\n) AS rtw_with_baseline";
    }

    /**
     * The rows with the day's rows so far ({@code rtw_rows_so_far}), those whose column is null ({@code rtw_nulls})
     * and their share ({@code rtw_ratio}, a decimal).
     */
    private static String withNullRatio(Metric metric, Metric.NullRatio n, String rows, Mode mode) {
        String window = "OVER (" + partition(List.of(metric.dayColumn())) + "ORDER BY " + order(metric, mode)
                + " ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)";
        String counts = "(\nSELECT *, SUM(CASE WHEN " + Identifiers.quote(n.column()) + " IS NULL THEN 1 ELSE 0 END) "
                + window + " AS rtw_nulls, COUNT(*) " + window + " AS rtw_rows_so_far\nFROM " + rows
                + "\n) AS rtw_counts";
        return "(\nSELECT *, CAST(rtw_nulls AS DECIMAL(20, 0)) / CAST(rtw_rows_so_far AS DECIMAL(20, 0)) AS rtw_ratio"
                + "\nFROM " + counts + "\n) AS rtw_ratios";
    }

    /**
     * A freshness rule on the clock: at every tick, the lag of the metric's newest window end (as last committed)
     * behind now; an alert where a stale stretch starts, when the {@code consecutive - 1} days before breached
     * too (in {@code dqc_breaches}). Before any window end, the day's start stands in.
     */
    private static String freshness(Metric metric, Metric.Rule rule, Metric.Freshness f, String latest,
            String breaches) {
        String now = "CAST(rtw_clock.rtw_pt AS TIMESTAMP(3))";
        DaysBefore before = daysBefore(breaches, metric, rule, "DATE_FORMAT(" + now + ", 'yyyy-MM-dd')",
                "rtw_clock.rtw_pt");
        String lag = "TIMESTAMPDIFF(SECOND, COALESCE(rtw_l.latest, CAST(CAST(" + now + " AS DATE) AS TIMESTAMP(3))), "
                + now + ")";
        String ticks = "(\nSELECT rtw_clock.rtw_pt, " + now + " AS rtw_now, " + lag + " AS rtw_lag, CASE WHEN " + lag
                + " > " + f.maxLag().toSeconds() + " THEN 1 ELSE 0 END AS rtw_breached" + (before.condition().isEmpty()
                ? "" : ", " + before.condition() + " AS rtw_days_before") + "\nFROM " + CLOCK + " AS rtw_clock\nLEFT JOIN "
                + latest + " FOR SYSTEM_TIME AS OF rtw_clock.rtw_pt AS rtw_l ON rtw_l.metric = "
                + Identifiers.literal(metric.name()) + before.joins() + "\n) AS rtw_ticks";
        String window = "OVER (ORDER BY rtw_pt ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)";
        return "SELECT " + Identifiers.literal(metric.name()) + ", " + Identifiers.literal(rule.name()) + ", '"
                + rule.severity().name().toLowerCase(Locale.ROOT) + "', " + Identifiers.literal(Rules.DAY_KEY)
                + ", CAST(FLOOR(rtw_now TO MINUTE) AS TIMESTAMP(3)), CAST(rtw_lag AS " + Warehouse.VALUE_TYPE
                + "), CONCAT('the newest "
                + "window end lags ', CAST(rtw_lag / 60 AS STRING), ' min behind the clock; at most " + f.maxLag()
                .toMinutes() + " min allowed'), DATE_FORMAT(rtw_now, 'yyyy-MM-dd')\nFROM (\nSELECT *, SUM(rtw_breached) "
                + window + " AS rtw_sum, COUNT(*) " + window + " AS rtw_rows\nFROM " + ticks + "\n) AS rtw_stretches\n"
                + "WHERE rtw_breached = 1 AND (rtw_rows = 1 OR rtw_sum = 1)" + (before.condition().isEmpty() ? ""
                        : " AND rtw_days_before");
    }
}
