package io.rtw.quality;

import io.rtw.meta.Identifiers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The stream form of a metric's DQC rules: SQL a stream job runs beside its inserts, judging each result row as it
 * arrives and writing breached rows to {@code <catalog>.quality.dqc_stream_alerts} and to the task log (a print
 * sink). Only rules a single row can decide have a stream form: threshold, and drop_to_zero for cumulative metrics
 * (a cumulative row of a day is never legitimately zero).
 */
final class StreamRules {

    /** The stream alerts table, in database {@code quality} of the metric table's catalog. */
    static final String TABLE = "dqc_stream_alerts";
    private static final String LOG = "rtw_dqc_alert_log";

    private StreamRules() {}

    /** Whether a rule has a stream form. */
    static boolean streamable(Metric.Rule rule) {
        return rule.check() instanceof Metric.Threshold || rule.check() instanceof Metric.DropToZero;
    }

    /**
     * The statements, without trailing semicolons: the alerts table and log sink, then one INSERT per streamable
     * rule into each.
     *
     * @param source the job's view or table with the metric's rows; empty for the metric's table (read as a stream)
     */
    static List<String> statements(Metric metric, Optional<String> source) {
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
        String from = source.map(s -> s).orElse(Warehouse.quoted(metric.table())
                + " /*+ OPTIONS('scan.mode' = 'latest') */");
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
                    + "FROM " + from + "\nWHERE " + condition;
            out.add("-- " + rule.name() + (rule.consecutive() > 1 ? " (consecutive " + rule.consecutive()
                    + " applies in rtw quality check; the stream form reports every breached row)" : "")
                    + "\nINSERT INTO " + table + "\n" + select);
            out.add("INSERT INTO " + LOG + "\n" + select);
        }
        return out;
    }
}
