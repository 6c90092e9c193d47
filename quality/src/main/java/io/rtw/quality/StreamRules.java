package io.rtw.quality;

import io.rtw.meta.Identifiers;
import io.rtw.meta.Mode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The stream form of a metric's DQC rules: SQL a stream job runs beside its inserts, judging each result row as it
 * arrives and writing an alert to {@code <catalog>.quality.dqc_stream_alerts} and to the task log (a print sink)
 * where a key's rows start a streak of the rule's {@code consecutive} breaches, as {@code rtw quality check} does.
 * Each rule's SELECT comes from its kind ({@link RuleKind#stream}); this adds the tables they write and read, and
 * for freshness rules the clock and the newest window end ({@code quality.dqc_latest}, kept by its sequence field).
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
     * The statements, without trailing semicolons: the alerts table and log sink, then one INSERT per rule into
     * each (freshness only in stream mode: it runs on a clock).
     *
     * @param source the job's append-only view or table with the metric's rows; empty for the metric's table (its
     *     changes read as a stream)
     * @param mode stream: rows of a key in arrival order (processing time); batch: in the order of the time column
     */
    static List<String> statements(Metric metric, Optional<String> source, Mode mode) {
        StreamSql s = new StreamSql(metric, source, mode);
        String table = s.table(TABLE);
        String columns = "  metric STRING,\n  `rule` STRING,\n  severity STRING,\n  `key` STRING,\n  minute_end "
                + "TIMESTAMP(3),\n  `value` " + Warehouse.VALUE_TYPE + ",\n  message STRING,\n  dt STRING";
        List<String> out = new ArrayList<>();
        out.add("-- DQC rules of metric " + metric.name() + " in stream form (rtw quality sql)"
                + "\nCREATE DATABASE IF NOT EXISTS " + s.database());
        out.add("CREATE TABLE IF NOT EXISTS " + table + " (\n" + columns + ",\n  PRIMARY KEY (dt, metric, `rule`, "
                + "`key`, minute_end) NOT ENFORCED\n) PARTITIONED BY (dt)");
        // What rtw quality check writes (the same definition); change and null_ratio look up earlier days in it.
        out.add("CREATE TABLE IF NOT EXISTS " + s.breaches() + " (\n" + QualityCheck.BREACH_COLUMNS.entrySet()
                .stream().map(c -> "  " + Identifiers.quote(c.getKey()) + " " + c.getValue() + ",\n")
                .collect(Collectors.joining())
                + "  metric STRING,\n  dt STRING,\n  PRIMARY KEY (metric, dt, `rule`, `key`, minute_end) NOT ENFORCED\n"
                + ") PARTITIONED BY (metric, dt) WITH ('bucket' = '1')");
        out.add("CREATE TEMPORARY TABLE IF NOT EXISTS " + LOG + " (\n" + columns + "\n) WITH ('connector' = 'print', "
                + "'print-identifier' = 'DQC alert')");
        List<String> inserts = new ArrayList<>();
        for (Metric.Rule rule : metric.rules()) {
            rule.kind().stream(s, rule).ifPresent(alerts -> {
                inserts.add("-- " + rule.name() + ": " + alerts.when() + "\nINSERT INTO " + table + "\n"
                        + alerts.select());
                inserts.add("INSERT INTO " + LOG + "\n" + alerts.select());
            });
        }
        if (s.clock()) {
            // The newest window end of each metric (the row with the greatest sequence field wins), and a clock that
            // ticks every second.
            String latest = s.table(LATEST);
            out.add("CREATE TABLE IF NOT EXISTS " + latest + " (\n  metric STRING,\n  latest TIMESTAMP(3),\n  PRIMARY "
                    + "KEY (metric) NOT ENFORCED\n) WITH ('sequence.field' = 'latest', 'bucket' = '1')");
            out.add("CREATE TEMPORARY TABLE IF NOT EXISTS " + CLOCK + " (\n  tick INT,\n  rtw_pt AS PROCTIME()\n) WITH "
                    + "('connector' = 'datagen', 'rows-per-second' = '1', 'fields.tick.min' = '0', 'fields.tick.max' = '0')");
            out.add("-- the newest window end of " + metric.name() + ", for its freshness rules\nINSERT INTO " + latest
                    + "\nSELECT " + Identifiers.literal(metric.name()) + ", CAST(" + Identifiers.quote(metric.timeColumn())
                    + " AS TIMESTAMP(3)) FROM " + s.from() + " AS rtw_rows");
        }
        out.addAll(inserts);
        return out;
    }
}
