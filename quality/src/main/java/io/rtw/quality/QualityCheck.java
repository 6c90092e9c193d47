package io.rtw.quality;

import io.rtw.meta.Identifiers;
import io.rtw.meta.Project;
import io.rtw.meta.Secrets;

import org.apache.flink.types.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One batch evaluation of the DQC rules of one or every metric for a business day: breaches and alerts written to
 * {@code <catalog>.quality.dqc_breaches} and {@code dqc_alerts}, one log line per alert, a console summary and an
 * HTML report.
 */
public final class QualityCheck {

    /** The breaches table, in database {@code quality} of the metric table's catalog. */
    static final String BREACHES = "dqc_breaches";
    /** The alerts table. */
    static final String ALERTS = "dqc_alerts";
    /** The breaches table's columns before its partition columns {@code metric, dt}; the stream form creates it too. */
    static final Map<String, String> BREACH_COLUMNS = breachColumns();

    private static final Logger ALERT_LOG = LoggerFactory.getLogger("io.rtw.quality.alerts");
    /** How far back day-level streaks and breached baselines are looked up. */
    private static final int HISTORY_DAYS = 62;

    /**
     * What to check.
     *
     * @param metric one metric; empty for every metric with rules
     * @param bizdate the business day
     * @param side the side whose result is checked; empty for the metric's table as it is now
     * @param now the wall-clock time in the project's zone (freshness); empty for the clock's
     * @param report where to write the HTML report; empty for {@code $RTW_HOME/reports/}
     * @param write whether to write the breaches and alerts tables
     */
    public record Request(Optional<String> metric, LocalDate bizdate, Optional<String> side,
            Optional<LocalDateTime> now, Optional<Path> report, boolean write) {
        /** Every metric, the tables as they are, now, the default report, results written. */
        public static Request of(LocalDate bizdate) {
            return new Request(Optional.empty(), bizdate, Optional.empty(), Optional.empty(), Optional.empty(), true);
        }
    }

    /** The outcome for one metric. */
    record Checked(Metric metric, Metric.Side side, Rules.Outcome outcome,
            Map<LocalDate, Map<String, NavigableMap<LocalDateTime, Reconciler.Point>>> rows) {}

    private final LocalDate day;
    private final List<Checked> checked;
    private final Path report;

    private QualityCheck(LocalDate day, List<Checked> checked, Path report) {
        this.day = day;
        this.checked = checked;
        this.report = report;
    }

    /** Evaluates, writes the tables (when asked), logs the alerts and writes the report. */
    public static QualityCheck run(Project project, Secrets secrets, Request request) {
        List<Metric> all = MetricParser.load(project, request.bizdate(), secrets);
        List<Metric> metrics = request.metric().map(n -> List.of(MetricParser.find(all, n, project)))
                .orElse(all.stream().filter(m -> !m.rules().isEmpty()).toList());
        LocalDateTime now = request.now().orElse(LocalDateTime.now(project.timeZone()));
        Warehouse wh = Reconciliation.warehouse(project, secrets);
        List<Checked> checked = new ArrayList<>();
        for (Metric metric : metrics) {
            Metric.Side side = request.side().map(metric::side).orElse(new Metric.Side("table", metric.table(),
                    Optional.empty(), Optional.empty(), false));
            checked.add(check(wh, metric, side, request.bizdate(), now, request.write()));
        }
        Path report = request.report().orElse(Reconciliation.reportDir(project).resolve("quality-"
                + request.metric().orElse("all") + "-" + request.bizdate() + ".html"));
        QualityCheck result = new QualityCheck(request.bizdate(), checked, report);
        result.writeReport();
        return result;
    }

    private static Checked check(Warehouse wh, Metric metric, Metric.Side side, LocalDate day, LocalDateTime now,
            boolean write) {
        Set<LocalDate> days = new TreeSet<>(List.of(day));
        metric.rules().forEach(r -> days.addAll(r.check().daysBefore(day)));
        var rows = wh.read(metric, List.of(side), List.copyOf(days)).get(side.name());
        Map<String, long[]> nulls = new HashMap<>();
        metric.rules().forEach(r -> r.check().nullCountColumn().ifPresent(column -> nulls.computeIfAbsent(column,
                c -> wh.nullCount(metric, side, c, day))));
        String catalog = Warehouse.catalog(metric.table());
        Set<Rules.PointKey> breachedBefore = new HashSet<>();
        Map<String, Set<LocalDate>> breachedDays = new HashMap<>();
        for (Row r : wh.quality(catalog, BREACHES, "`rule`, dt, `key`, minute_end", "metric = "
                + Identifiers.literal(metric.name()) + " AND dt >= " + Identifiers.literal(day.minusDays(HISTORY_DAYS)
                        .toString()) + " AND dt < " + Identifiers.literal(day.toString()))) {
            LocalDate d = LocalDate.parse((String) r.getField(1));
            breachedBefore.add(new Rules.PointKey(d, (String) r.getField(2), (LocalDateTime) r.getField(3)));
            if (Rules.DAY_KEY.equals(r.getField(2))) {
                breachedDays.computeIfAbsent((String) r.getField(0), k -> new HashSet<>()).add(d);
            }
        }
        Rules.Outcome outcome = Rules.evaluate(metric, new Rules.Input(day, rows, breachedBefore, breachedDays, nulls,
                now));
        for (Rules.Alert a : outcome.alerts()) {
            String line = "DQC alert " + metric.name() + "." + a.rule().name() + " [" + a.rule().severity().name()
                    .toLowerCase(Locale.ROOT) + "] " + day + " key " + a.point().key() + " at " + a.point().minute()
                    + " after " + a.streak() + " consecutive breaches: " + a.message();
            if (a.rule().severity() == Metric.Severity.ERROR) {
                ALERT_LOG.error(line);
            } else {
                ALERT_LOG.warn(line);
            }
        }
        if (write) {
            Map<String, String> partition = new LinkedHashMap<>();
            partition.put("metric", metric.name());
            partition.put("dt", day.toString());
            wh.overwrite(catalog, BREACHES, BREACH_COLUMNS, List.of("rule", "key", "minute_end"), partition,
                    outcome.breaches().stream().map(b -> new Object[] {b.rule().name(), b.point().key(),
                        b.point().minute(), severity(b.rule()), b.value(), b.reference(), b.message()}).toList());
            Map<String, String> alertCols = new LinkedHashMap<>();
            alertCols.put("rule", "STRING");
            alertCols.put("key", "STRING");
            alertCols.put("minute_end", "TIMESTAMP(3)");
            alertCols.put("severity", "STRING");
            alertCols.put("streak", "INT");
            alertCols.put("message", "STRING");
            wh.overwrite(catalog, ALERTS, alertCols, List.of("rule", "key", "minute_end"), partition, outcome.alerts()
                    .stream().map(a -> new Object[] {a.rule().name(), a.point().key(), a.point().minute(),
                        severity(a.rule()), a.streak(), a.message()}).toList());
        }
        return new Checked(metric, side, outcome, rows);
    }

    private static Map<String, String> breachColumns() {
        Map<String, String> cols = new LinkedHashMap<>();
        cols.put("rule", "STRING");
        cols.put("key", "STRING");
        cols.put("minute_end", "TIMESTAMP(3)");
        cols.put("severity", "STRING");
        cols.put("value", Warehouse.VALUE_TYPE);
        cols.put("reference", Warehouse.VALUE_TYPE);
        cols.put("message", "STRING");
        return Collections.unmodifiableMap(cols);
    }

    private static String severity(Metric.Rule rule) {
        return rule.severity().name().toLowerCase(Locale.ROOT);
    }

    /** Whether an error-severity alert fired. */
    public boolean failed() {
        return checked.stream().flatMap(c -> c.outcome().alerts().stream())
                .anyMatch(a -> a.rule().severity() == Metric.Severity.ERROR);
    }

    /** The HTML report's path. */
    public Path report() {
        return report;
    }

    List<Checked> checked() {
        return checked;
    }

    /** The console summary: per metric and rule, breaches and alerts, then the outcome and the report path. */
    public String summary() {
        List<String> lines = summaryLines();
        lines.add("report: " + report.toAbsolutePath());
        return String.join("\n", lines);
    }

    private List<String> summaryLines() {
        List<String> out = new ArrayList<>();
        out.add("quality check " + day + ": " + checked.size() + (checked.size() == 1 ? " metric" : " metrics"));
        for (Checked c : checked) {
            out.add("  " + c.metric().name() + " (" + c.side().describe() + ")");
            for (Metric.Rule r : c.metric().rules()) {
                long breaches = c.outcome().breaches().stream().filter(b -> b.rule().equals(r)).count();
                List<Rules.Alert> alerts = c.outcome().alerts().stream().filter(a -> a.rule().equals(r)).toList();
                Rules.Coverage cov = c.outcome().coverage().get(r.name());
                out.add(String.format(Locale.ROOT, "    %-22s %-5s %6d breaches %4d alerts%s%s", r.name(), severity(r),
                        breaches, alerts.size(), cov.checked() == cov.points() ? "" : "  not judged: "
                                + (cov.points() - cov.checked()) + " of " + cov.points() + " points (" + cov.unchecked()
                                + ")", alerts.isEmpty() ? "" : "  first: key " + alerts.get(0).point().key()
                                + " at " + alerts.get(0).point().minute().toString().replace('T', ' ') + ": "
                                + alerts.get(0).message()));
            }
        }
        long warn = checked.stream().flatMap(c -> c.outcome().alerts().stream())
                .filter(a -> a.rule().severity() == Metric.Severity.WARN).count();
        out.add(failed() ? "FAIL: error alerts fired" : warn > 0 ? "PASS with " + warn + " warnings" : "PASS");
        return out;
    }

    private void writeReport() {
        List<HtmlReport.Chart> charts = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (Checked c : checked) {
            Set<String> alerted = c.outcome().alerts().stream().map(a -> a.rule().name() + "|" + a.point().key() + "|"
                    + a.point().minute()).collect(Collectors.toSet());
            for (Metric.Rule r : c.metric().rules()) {
                Map<String, List<LocalDateTime>> marks = new TreeMap<>();
                c.outcome().breaches().stream().filter(b -> b.rule().equals(r)).forEach(b -> {
                    marks.computeIfAbsent(b.point().key(), k -> new ArrayList<>()).add(b.point().minute());
                    rows.add(List.of(c.metric().name(), r.name(), b.point().key(), b.point().minute().toString()
                            .replace('T', ' '), b.value() == null ? "NULL" : HtmlReport.num(b.value()),
                            b.reference() == null ? "" : HtmlReport.num(b.reference()), b.message(),
                            alerted.contains(r.name() + "|" + b.point().key() + "|" + b.point().minute()) ? "alert"
                                    : "", severity(r)));
                });
                Optional<String> measure = r.check().chartMeasure();
                if (measure.isEmpty()) {
                    continue;
                }
                marks.forEach((key, minutes) -> {
                    List<HtmlReport.Series> series = new ArrayList<>();
                    r.check().comparedDaysBack().ifPresent(back -> series.add(series(c, day.minusDays(back), key,
                            measure.get(), back, back == 1 ? "yesterday" : "last week", "left")));
                    series.add(series(c, day, key, measure.get(), 0, day.toString(), "right"));
                    charts.add(new HtmlReport.Chart(c.metric().name() + " · " + r.name() + " · " + key, series,
                            minutes));
                });
            }
        }
        String html = HtmlReport.render("Quality check of " + day, summaryLines(), charts, List.of("metric", "rule",
                "key", "minute", "value", "reference", "message", "alert", "severity"), rows, 2000);
        try {
            Files.createDirectories(report.toAbsolutePath().getParent());
            Files.writeString(report, html, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report " + report, e);
        }
    }

    /** A day's curve of one key, shifted forward by {@code shiftDays} so it overlays the checked day. */
    private static HtmlReport.Series series(Checked c, LocalDate d, String key, String measure, int shiftDays,
            String name, String css) {
        List<Map.Entry<LocalDateTime, BigDecimal>> points = new ArrayList<>();
        c.rows().getOrDefault(d, Map.of()).getOrDefault(key, new TreeMap<>()).forEach((t, p) -> points.add(
                new AbstractMap.SimpleImmutableEntry<>(t.plusDays(shiftDays), p.values().get(measure))));
        return new HtmlReport.Series(name, css, points);
    }
}
