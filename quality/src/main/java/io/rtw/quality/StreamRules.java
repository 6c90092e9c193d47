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
 * The tables and sinks are built here; each rule kind's own SQL comes from its {@link Check} class.
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
        String latest = database + "." + Identifiers.quote(LATEST);
        boolean clock = mode == Mode.STREAM && metric.rules().stream().anyMatch(r -> r.check().onClock());
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
        Form form = new Form(metric, mode, base, breaches, latest);
        for (Metric.Rule rule : metric.rules()) {
            rule.check().streamForm(rule, form).ifPresent(alerts -> {
                out.add("-- " + rule.name() + ": " + alerts.comment() + "\nINSERT INTO " + table + "\n"
                        + alerts.select());
                out.add("INSERT INTO " + LOG + "\n" + alerts.select());
            });
        }
        return out;
    }

    /** A rule's stream form: its alerts as a SELECT, and when it alerts (for the statement's comment). */
    record Alerts(String comment, String select) {}

    /** Lookups of a day-level rule's breaches on the {@code consecutive - 1} days before, and that all were found. */
    record DaysBefore(String joins, String condition) {}

    /**
     * What every rule kind's stream form is built from: the metric, the mode, its rows as they arrive and the quality
     * tables; and the parts all kinds share (streaks, the alert SELECT, breach lookups).
     *
     * @param base the metric's rows with their processing time {@code rtw_pt} and key {@code rtw_key}
     * @param breaches the breaches table ({@code rtw quality check} writes it)
     * @param latest the newest window end per metric, for rules on the clock
     */
    record Form(Metric metric, Mode mode, String base, String breaches, String latest) {

        /** The alerts where {@code consecutive} rows of a key in a row breach (and the row before did not). */
        Alerts perKey(Metric.Rule rule, String value, String condition, String message, String rows) {
            return alerts(rule, "an alert when " + rule.consecutive() + " consecutive row(s) of a key breach",
                    "rtw_key", value, message, streaks(rule.consecutive(), condition, rows, false),
                    STREAK_STARTS.formatted(rule.consecutive(), rule.consecutive() + 1));
        }

        /** The alert SELECT over {@code streaks}: one alert per row that meets {@code where}. */
        Alerts alerts(Metric.Rule rule, String comment, String key, String value, String message, String streaks,
                String where) {
            return new Alerts(comment, "SELECT " + Identifiers.literal(metric.name()) + ", "
                    + Identifiers.literal(rule.name()) + ", '" + rule.severity().name().toLowerCase(Locale.ROOT)
                    + "', " + key + ", CAST(" + Identifiers.quote(metric.timeColumn()) + " AS TIMESTAMP(3)), CAST("
                    + value + " AS " + Warehouse.VALUE_TYPE + "), " + message + ", CAST("
                    + Identifiers.quote(metric.dayColumn()) + " AS STRING)\nFROM " + streaks + "\nWHERE " + where);
        }

        /**
         * The rows with, per row, the breach flag and the breaches among the last N+1 rows of its key and day (or of
         * its day alone, for a day-level rule, since the day began).
         */
        String streaks(int n, String condition, String from, boolean dayLevel) {
            String flag = "CASE WHEN " + condition + " THEN 1 ELSE 0 END";
            List<String> keys = new ArrayList<>(List.of(metric.dayColumn()));
            if (!dayLevel) {
                keys.addAll(metric.keys());
            }
            String frame = dayLevel ? "UNBOUNDED" : String.valueOf(n);
            String window = "OVER (" + partition(keys) + "ORDER BY " + order() + " ROWS BETWEEN " + frame
                    + " PRECEDING AND CURRENT ROW)";
            return "(\nSELECT *, " + flag + " AS rtw_breached, SUM(" + flag + ") " + window + " AS rtw_sum, COUNT(*) "
                    + window + " AS rtw_rows, FIRST_VALUE(" + flag + ") " + window + " AS rtw_oldest\nFROM " + from
                    + "\n) AS rtw_streaks";
        }

        String partition(List<String> columns) {
            return "PARTITION BY " + columns.stream().map(Identifiers::quote).collect(Collectors.joining(", ")) + " ";
        }

        /** Rows of a key in arrival order in a stream; in the order of the time column in batch. */
        String order() {
            return mode == Mode.STREAM ? "rtw_pt" : Identifiers.quote(metric.timeColumn());
        }

        /** Lookups of the rule's day-level breaches on the {@code consecutive - 1} days before {@code day}. */
        DaysBefore daysBefore(Metric.Rule rule, String day, String at) {
            StringBuilder joins = new StringBuilder();
            List<String> found = new ArrayList<>();
            for (int i = 1; i < rule.consecutive(); i++) {
                String dayEnd = "TO_TIMESTAMP(" + dayBefore(day, i - 1) + ", 'yyyy-MM-dd')";
                joins.append(breachLookup("rtw_d" + i, rule.name(), dayBefore(day, i),
                        Identifiers.literal(Rules.DAY_KEY), dayEnd, at));
                found.add("rtw_d" + i + ".`rule` IS NOT NULL");
            }
            return new DaysBefore(joins.toString(), String.join(" AND ", found));
        }

        /**
         * A lookup of {@code dqc_breaches} at processing time {@code at}: whether the batch check found rule
         * {@code rule} breached at the point.
         */
        String breachLookup(String alias, String rule, String day, String key, String minute, String at) {
            return "\nLEFT JOIN " + breaches + " FOR SYSTEM_TIME AS OF " + at + " AS " + alias + " ON " + alias
                    + ".metric = " + Identifiers.literal(metric.name()) + " AND " + alias + ".dt = " + day + " AND "
                    + alias + ".`rule` = " + Identifiers.literal(rule) + " AND " + alias + ".`key` = " + key + " AND "
                    + alias + ".minute_end = " + minute;
        }
    }

    /** {@code day} (a yyyy-MM-dd string) minus {@code days}. */
    static String dayBefore(String day, int days) {
        return "DATE_FORMAT(TIMESTAMPADD(DAY, -" + days + ", TO_TIMESTAMP(" + day + ", 'yyyy-MM-dd')), 'yyyy-MM-dd')";
    }
}
