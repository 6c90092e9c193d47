package io.rtw.quality;

import io.rtw.meta.Identifiers;
import io.rtw.meta.Mode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The stream form of a metric's DQC rules: SQL a stream job runs beside its inserts, judging each result row as it
 * arrives and writing an alert to {@code <catalog>.quality.dqc_stream_alerts} and to the task log (a print sink)
 * where a key's rows start a streak of the rule's {@code consecutive} breaches, as {@code rtw quality check} does.
 * Only rules a row can decide have a stream form: threshold, and drop_to_zero for cumulative metrics (a cumulative
 * row of a day is never legitimately zero).
 */
final class StreamRules {

    /** The stream alerts table, in database {@code quality} of the metric table's catalog. */
    static final String TABLE = "dqc_stream_alerts";
    private static final String LOG = "rtw_dqc_alert_log";

    private StreamRules() {}

    /**
     * Over the last N+1 rows of a key (S breached, C rows, F whether the oldest breached): the current row
     * completes N consecutive breaches, and the streak starts here (the row before it, if any, did not breach).
     */
    private static final String STREAK_STARTS = "rtw_breached = 1 AND rtw_sum = %1$d AND (rtw_rows = %1$d OR "
            + "(rtw_rows = %2$d AND rtw_oldest = 0))";

    /** The source with, per row, the breach flag and the breaches among its key's (and day's) last N+1 rows. */
    private static String streaks(Metric metric, int n, String condition, String from, Mode mode) {
        String flag = "CASE WHEN " + condition + " THEN 1 ELSE 0 END";
        List<String> keys = new ArrayList<>(List.of(metric.dayColumn()));
        keys.addAll(metric.keys());
        String partition = "PARTITION BY " + keys.stream().map(Identifiers::quote)
                .collect(java.util.stream.Collectors.joining(", ")) + " ";
        String order = mode == Mode.STREAM ? "PROCTIME()" : Identifiers.quote(metric.timeColumn());
        String window = "OVER (" + partition + "ORDER BY rtw_order ROWS BETWEEN " + n + " PRECEDING AND CURRENT ROW)";
        return "(\nSELECT *, " + flag + " AS rtw_breached, SUM(" + flag + ") " + window + " AS rtw_sum, COUNT(*) "
                + window + " AS rtw_rows, FIRST_VALUE(" + flag + ") " + window + " AS rtw_oldest\nFROM (SELECT *, "
                + order + " AS rtw_order FROM " + from + ") AS rtw_ordered\n) AS rtw_streaks";
    }

    /** Whether a rule has a stream form. */
    static boolean streamable(Metric.Rule rule) {
        return rule.check() instanceof Metric.Threshold || rule.check() instanceof Metric.DropToZero;
    }

    /**
     * The statements, without trailing semicolons: the alerts table and log sink, then one INSERT per streamable
     * rule into each.
     *
     * @param source the job's append-only view or table with the metric's rows; empty for the metric's table (its
     *     changes read as a stream)
     * @param mode stream: rows of a key in arrival order (processing time); batch: in the order of the time column
     */
    static List<String> statements(Metric metric, Optional<String> source, Mode mode) {
        String catalog = Identifiers.quote(Warehouse.catalog(metric.table()));
        String table = catalog + "." + Identifiers.quote(Warehouse.DATABASE) + "." + Identifiers.quote(TABLE);
        String columns = "  metric STRING,\n  `rule` STRING,\n  severity STRING,\n  `key` STRING,\n  minute_end "
                + "TIMESTAMP(3),\n  `value` DOUBLE,\n  message STRING,\n  dt STRING";
        List<String> out = new ArrayList<>();
        out.add("-- DQC rules of metric " + metric.name() + " in stream form (rtw quality sql); rules without one: "
                + String.join(", ", metric.rules().stream().filter(r -> !streamable(r)).map(Metric.Rule::name)
                        .toList()) + "\nCREATE DATABASE IF NOT EXISTS " + catalog + "."
                + Identifiers.quote(Warehouse.DATABASE));
        out.add("CREATE TABLE IF NOT EXISTS " + table + " (\n" + columns + ",\n  PRIMARY KEY (dt, metric, `rule`, "
                + "`key`, minute_end) NOT ENFORCED\n) PARTITIONED BY (dt)");
        out.add("CREATE TEMPORARY TABLE IF NOT EXISTS " + LOG + " (\n" + columns + "\n) WITH ('connector' = 'print', "
                + "'print-identifier' = 'DQC alert')");
        // The table read as a stream is an update stream (its primary key); its audit log is the same rows
        // appended, which the per-key streak count (an OVER aggregation) can take.
        String[] path = metric.table().split("\\.");
        String metricTable = Identifiers.quote(path[2]);
        String auditLog = metricTable.substring(0, metricTable.length() - 1) + "$audit_log`";
        String from = source.map(s -> s).orElse("(SELECT * FROM " + Identifiers.quote(path[0]) + "."
                + Identifiers.quote(path[1]) + "." + auditLog + " /*+ OPTIONS('scan.mode' = 'latest') */ WHERE rowkind "
                + "IN ('+I', '+U'))");
        for (Metric.Rule rule : metric.rules()) {
            if (!streamable(rule)) {
                continue;
            }
            String measure;
            String condition;
            String message;
            if (rule.check() instanceof Metric.Threshold t) {
                measure = Identifiers.quote(t.measure());
                List<String> conds = new ArrayList<>();
                t.min().ifPresent(min -> conds.add(measure + " < " + HtmlReport.num(min)));
                t.max().ifPresent(max -> conds.add(measure + " > " + HtmlReport.num(max)));
                condition = String.join(" OR ", conds);
                message = "CONCAT('" + t.measure() + " ', CAST(" + measure + " AS STRING), ' is outside ["
                        + t.min().map(HtmlReport::num).orElse("") + ", " + t.max().map(HtmlReport::num).orElse("")
                        + "]')";
            } else {
                Metric.DropToZero d = (Metric.DropToZero) rule.check();
                measure = Identifiers.quote(d.measure());
                condition = measure + " = 0 OR " + measure + " IS NULL";
                message = "'" + d.measure() + " dropped to zero'";
            }
            String select = "SELECT " + Warehouse.literal(metric.name()) + ", " + Warehouse.literal(rule.name()) + ", '"
                    + rule.severity().name().toLowerCase(Locale.ROOT) + "', " + Warehouse.keyExpr(metric.keys())
                    + ", CAST(" + Identifiers.quote(metric.timeColumn()) + " AS TIMESTAMP(3)), CAST(" + measure
                    + " AS DOUBLE), " + message + ", CAST(" + Identifiers.quote(metric.dayColumn()) + " AS STRING)\n"
                    + "FROM " + streaks(metric, rule.consecutive(), condition, from, mode) + "\n"
                    + "WHERE " + STREAK_STARTS.formatted(rule.consecutive(), rule.consecutive() + 1);
            out.add("-- " + rule.name() + ": an alert when " + rule.consecutive() + " consecutive row(s) of a key breach"
                    + "\nINSERT INTO " + table + "\n" + select);
            out.add("INSERT INTO " + LOG + "\n" + select);
        }
        return out;
    }
}
