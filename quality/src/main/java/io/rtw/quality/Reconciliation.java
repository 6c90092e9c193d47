package io.rtw.quality;

import io.rtw.meta.Project;
import io.rtw.meta.Secrets;
import io.rtw.runtime.WarehouseSession;

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
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One reconciliation of two results of a metric for a business day (stream vs batch, primary vs standby): every
 * key, window end and measure judged, the differences written to {@code <catalog>.quality.reconcile_differences},
 * a console summary and an HTML report with both sides' curves.
 */
public final class Reconciliation {

    /** The differences table, in database {@code quality} of the metric table's catalog. */
    static final String TABLE = "reconcile_differences";
    /** How many failing values the summary lists. */
    private static final int SHOWN = 10;

    /**
     * What to reconcile.
     *
     * @param metric the metric's name in {@code quality/*.yaml}
     * @param bizdate the business day
     * @param left side name; empty for the metric's {@code compare} pair
     * @param right side name; empty for the metric's {@code compare} pair
     * @param leftTable a table replacing the left side's table
     * @param rightTable a table replacing the right side's table
     * @param k standard errors allowed between sketch estimates; empty for the metric's {@code tolerance-k}
     * @param report where to write the HTML report; empty for {@code $RTW_HOME/reports/}
     * @param write whether to write the differences table
     */
    public record Request(String metric, LocalDate bizdate, Optional<String> left, Optional<String> right,
            Optional<String> leftTable, Optional<String> rightTable, Optional<Double> k, Optional<Path> report,
            boolean write) {
        /** The metric's default pair, its tolerance, the default report path, differences written. */
        public static Request of(String metric, LocalDate bizdate) {
            return new Request(metric, bizdate, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), true);
        }
    }

    private final Metric metric;
    private final LocalDate day;
    private final Reconciler.Rows left;
    private final Reconciler.Rows right;
    private final List<Reconciler.Difference> all;
    private final Reconciler.LateIndex late;
    private final Path report;

    private Reconciliation(Metric metric, LocalDate day, Reconciler.Rows left, Reconciler.Rows right,
            List<Reconciler.Difference> all, Reconciler.LateIndex late, Path report) {
        this.metric = metric;
        this.day = day;
        this.left = left;
        this.right = right;
        this.all = all;
        this.late = late;
        this.report = report;
    }

    /** Reconciles, writes the differences table (when asked) and the HTML report. */
    public static Reconciliation run(Project project, Secrets secrets, Request request) {
        Metric declared = MetricParser.find(MetricParser.load(project, request.bizdate(), secrets),
                request.metric(), project);
        Metric metric = request.k().map(k -> new Metric(declared.name(), declared.description(), declared.location(),
                declared.table(), declared.dayColumn(), declared.timeColumn(), declared.keys(), declared.rows(),
                declared.measures(), k, declared.late(), declared.sides(), declared.compare(), declared.rules()))
                .orElse(declared);
        List<Metric.Side> pair = pair(metric, request);
        Metric.Side l = pair.get(0);
        Metric.Side r = pair.get(1);
        Warehouse wh = warehouse(project, secrets);
        var read = wh.read(metric, List.of(l, r), List.of(request.bizdate()));
        Reconciler.Rows lr = new Reconciler.Rows(l, read.get(l.name()).getOrDefault(request.bizdate(), Map.of()));
        Reconciler.Rows rr = new Reconciler.Rows(r, read.get(r.name()).getOrDefault(request.bizdate(), Map.of()));
        Reconciler.LateIndex late = metric.late().filter(x -> l.lateIncluded() != r.lateIncluded())
                .map(x -> Reconciler.LateIndex.of(wh.lateRecords(metric, x, request.bizdate()), x.allValue()))
                .orElse(Reconciler.LateIndex.none());
        List<Reconciler.Difference> all = Reconciler.compare(metric, lr, rr, late);
        Path report = request.report().orElse(reportDir(project).resolve("reconcile-" + metric.name() + "-"
                + request.bizdate() + "-" + l.name() + "-vs-" + r.name() + ".html"));
        Reconciliation rec = new Reconciliation(metric, request.bizdate(), lr, rr, all, late, report);
        if (request.write()) {
            rec.write(wh);
        }
        rec.writeReport();
        return rec;
    }

    /**
     * Tags the current snapshot of a side's table with the side's tag (e.g. {@code stream-${bizdate}}): run it when
     * the stream day has closed and before the batch run rewrites the day, so the stream result stays readable.
     *
     */
    public static void freeze(Project project, Secrets secrets, String metricName, LocalDate bizdate, String sideName) {
        Metric metric = MetricParser.find(MetricParser.load(project, bizdate, secrets), metricName, project);
        warehouse(project, secrets).freeze(metric.side(sideName));
    }

    static Warehouse warehouse(Project project, Secrets secrets) {
        return new Warehouse(WarehouseSession.forQueries(project, Optional.empty(), Map.of("parallelism.default", "1"),
                secrets, "quality"));
    }

    static Path reportDir(Project project) {
        return Path.of(project.variables().get("rtw.home").orElse(".rtw")).resolve("reports");
    }

    /** Left and right; one side named twice is read from its two tables (primary and standby), told apart by them. */
    private static List<Metric.Side> pair(Metric metric, Request request) {
        Metric.Side l = side(metric, request.left(), request.leftTable(), 0, "left");
        Metric.Side r = side(metric, request.right(), request.rightTable(), 1, "right");
        if (!l.name().equals(r.name())) {
            return List.of(l, r);
        }
        if (l.table().equals(r.table()) && l.tag().equals(r.tag()) && l.snapshot().equals(r.snapshot())) {
            throw new io.rtw.meta.DefinitionException(metric.location().withPath("sides"), "left and right are both "
                    + "side '" + l.name() + "' of " + l.table() + ": compare two different sides, or give "
                    + "--left-table or --right-table");
        }
        return List.of(new Metric.Side(l.name() + "@" + l.table(), l.table(), l.tag(), l.snapshot(), l.lateIncluded()),
                new Metric.Side(r.name() + "@" + r.table(), r.table(), r.tag(), r.snapshot(), r.lateIncluded()));
    }

    private static Metric.Side side(Metric metric, Optional<String> name, Optional<String> table, int index,
            String label) {
        Optional<String> chosen = name.or(() -> table.isPresent() ? Optional.empty()
                : Optional.ofNullable(metric.compare().size() > index ? metric.compare().get(index) : null));
        if (chosen.isEmpty() && table.isEmpty()) {
            throw new io.rtw.meta.DefinitionException(metric.location().withPath("compare"), "metric " + metric.name()
                    + " declares no sides to compare: name them with --" + label + " or give --" + label + "-table");
        }
        Metric.Side base = chosen.map(metric::side).orElseGet(() -> new Metric.Side(table.orElseThrow(),
                metric.table(), Optional.empty(), Optional.empty(), false));
        return table.map(t -> new Metric.Side(base.name(), t, base.tag(), base.snapshot(), base.lateIncluded()))
                .orElse(base);
    }

    /** Whether a difference failed the reconciliation: a breach or a missing minute. */
    public boolean breached() {
        return all.stream().anyMatch(d -> d.verdict().failing());
    }

    /** The HTML report's path. */
    public Path report() {
        return report;
    }

    /** Every judged key, minute and measure that is not OK. */
    List<Reconciler.Difference> differences() {
        return all.stream().filter(d -> d.verdict() != Verdict.OK).toList();
    }

    /** The console summary: the sides, counts per verdict, one line per key, the outcome and the report path. */
    public String summary() {
        List<String> lines = summaryLines();
        lines.add("report: " + report.toAbsolutePath());
        return String.join("\n", lines);
    }

    private String comparison() {
        return left.side().name() + "_vs_" + right.side().name();
    }

    private List<String> summaryLines() {
        List<String> out = new ArrayList<>();
        out.add("reconcile " + metric.name() + " " + day + ": " + left.side().name() + " (" + left.side().describe()
                + ") vs " + right.side().name() + " (" + right.side().describe() + ")");
        Map<Verdict, Long> counts = new EnumMap<>(Verdict.class);
        all.forEach(d -> counts.merge(d.verdict(), 1L, Long::sum));
        StringBuilder c = new StringBuilder("  " + all.size() + " values compared:");
        for (Verdict v : Verdict.values()) {
            c.append(' ').append(counts.getOrDefault(v, 0L)).append(' ').append(v.id()).append(',');
        }
        out.add(c.substring(0, c.length() - 1));
        out.add(String.format(Locale.ROOT, "  %-12s %8s %8s %8s %8s %8s %13s  %s", "key", "minutes", "ok", "late",
                "breach", "missing", "late records", "largest |diff| per measure"));
        for (Map.Entry<String, KeySummary> e : perKey().entrySet()) {
            KeySummary s = e.getValue();
            StringBuilder largest = new StringBuilder();
            s.largest.forEach((m, d) -> largest.append(largest.length() == 0 ? "" : ", ").append(m).append(' ')
                    .append(measure(m).show(d)));
            out.add(String.format(Locale.ROOT, "  %-12s %8d %8d %8d %8d %8d %13d  %s", e.getKey(), s.minutes,
                    s.byVerdict.getOrDefault(Verdict.OK, 0L), s.byVerdict.getOrDefault(Verdict.LATE, 0L),
                    s.byVerdict.getOrDefault(Verdict.BREACH, 0L), s.byVerdict.getOrDefault(Verdict.MISSING_LEFT, 0L)
                            + s.byVerdict.getOrDefault(Verdict.MISSING_RIGHT, 0L), late.total(e.getKey()), largest));
        }
        List<Reconciler.Difference> failing = all.stream().filter(d -> d.verdict().failing()).toList();
        if (!failing.isEmpty()) {
            out.add("  first failing values" + (failing.size() > SHOWN ? " (" + SHOWN + " of " + failing.size() + ")"
                    : "") + ":");
            failing.stream().limit(SHOWN).forEach(d -> out.add("    " + explain(d)));
        }
        List<String> lateKeys = lateKeys();
        out.add(breached() ? "FAIL: differences beyond tolerance and late records (see the table "
                + Warehouse.catalog(metric.table()) + "." + Warehouse.DATABASE + "." + TABLE + ")"
                : "PASS" + (lateKeys.isEmpty() ? ": the results agree" : ": differences explained by late records in "
                        + String.join(", ", lateKeys)));
        return out;
    }

    /** One failing value in words, with the values exactly as stored and what the late records explain. */
    private String explain(Reconciler.Difference d) {
        Metric.Measure m = measure(d.measure());
        String at = d.verdict().id() + " " + d.key() + " " + d.minute().toString().replace('T', ' ') + " "
                + d.measure() + ": ";
        if (d.verdict() == Verdict.MISSING_LEFT || d.verdict() == Verdict.MISSING_RIGHT) {
            boolean onLeft = d.verdict() == Verdict.MISSING_RIGHT;
            return at + "only in " + (onLeft ? left : right).side().name() + " (" + m.show(onLeft ? d.left()
                    : d.right()) + ")";
        }
        String values = left.side().name() + " " + m.show(d.left()) + ", " + right.side().name() + " "
                + m.show(d.right()) + (d.diff() == null ? "" : ", diff " + m.show(d.diff()));
        if (d.lateSum() != null) {
            BigDecimal expected = d.lateSum().multiply(BigDecimal.valueOf(Boolean.compare(
                    right.side().lateIncluded(), left.side().lateIncluded())));
            return at + values + "; late records explain " + m.show(d.lateSum()) + " (" + d.late() + " records)"
                    + (d.diff() == null ? "" : "; unexplained " + m.show(d.diff().subtract(expected)));
        }
        return at + values + "; allowed " + m.show(d.allowed()) + " plus at most " + d.late() + " late records";
    }

    private Metric.Measure measure(String column) {
        return metric.measures().stream().filter(m -> m.column().equals(column)).findFirst().orElseThrow();
    }

    /** Keys with at least one minute whose verdict is LATE. */
    List<String> lateKeys() {
        return all.stream().filter(d -> d.verdict() == Verdict.LATE).map(Reconciler.Difference::key).distinct()
                .sorted().toList();
    }

    /** Per key: minutes by their worst verdict over the measures, and the largest difference per measure. */
    private static final class KeySummary {
        long minutes;
        final Map<Verdict, Long> byVerdict = new EnumMap<>(Verdict.class);
        final Map<String, BigDecimal> largest = new LinkedHashMap<>();
    }

    private Map<String, KeySummary> perKey() {
        Map<String, KeySummary> out = new TreeMap<>();
        Map<String, Map<LocalDateTime, Verdict>> worst = new TreeMap<>();
        for (Reconciler.Difference d : all) {
            KeySummary s = out.computeIfAbsent(d.key(), k -> new KeySummary());
            metric.measures().forEach(m -> s.largest.putIfAbsent(m.column(), BigDecimal.ZERO));
            if (d.diff() != null) {
                s.largest.merge(d.measure(), d.diff().abs(), BigDecimal::max);
            }
            worst.computeIfAbsent(d.key(), k -> new TreeMap<>()).merge(d.minute(), d.verdict(),
                    (a, b) -> a.compareTo(b) >= 0 ? a : b);
        }
        worst.forEach((key, minutes) -> {
            KeySummary s = out.get(key);
            s.minutes = minutes.size();
            minutes.values().forEach(v -> s.byVerdict.merge(v, 1L, Long::sum));
        });
        return out;
    }

    private void write(Warehouse wh) {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("key", "STRING");
        columns.put("minute_end", "TIMESTAMP(3)");
        columns.put("measure", "STRING");
        columns.put("left_value", Warehouse.VALUE_TYPE);
        columns.put("right_value", Warehouse.VALUE_TYPE);
        columns.put("diff", Warehouse.VALUE_TYPE);
        columns.put("allowed", Warehouse.VALUE_TYPE);
        columns.put("verdict", "STRING");
        columns.put("late_records", "BIGINT");
        columns.put("late_sum", Warehouse.VALUE_TYPE);
        columns.put("checked_at", "TIMESTAMP(3)");
        LocalDateTime now = LocalDateTime.now().withNano(0);
        List<Object[]> rows = differences().stream().map(d -> new Object[] {d.key(), d.minute(), d.measure(), d.left(),
                d.right(), d.diff(), d.allowed(), d.verdict().id(), d.late(), d.lateSum(), now}).toList();
        Map<String, String> partition = new LinkedHashMap<>();
        partition.put("metric", metric.name());
        partition.put("dt", day.toString());
        partition.put("comparison", comparison());
        wh.overwrite(Warehouse.catalog(metric.table()), TABLE, columns, List.of("key", "minute_end", "measure"),
                partition, rows);
    }

    private void writeReport() {
        List<HtmlReport.Chart> charts = new ArrayList<>();
        java.util.TreeSet<String> keys = new java.util.TreeSet<>(left.byKey().keySet());
        keys.addAll(right.byKey().keySet());
        for (String key : keys) {
            for (Metric.Measure m : metric.measures()) {
                List<LocalDateTime> marks = all.stream().filter(d -> d.key().equals(key)
                        && d.measure().equals(m.column()) && d.verdict() != Verdict.OK)
                        .map(Reconciler.Difference::minute).toList();
                charts.add(new HtmlReport.Chart(key + " · " + m.column() + (marks.isEmpty() ? "" : " · "
                        + marks.size() + " differences"), List.of(
                                series(left, key, m.column(), "left"), series(right, key, m.column(), "right")),
                        marks));
            }
        }
        List<List<String>> rows = differences().stream()
                .sorted(Comparator.comparing((Reconciler.Difference d) -> d.verdict().failing() ? 0 : 1))
                .map(d -> {
                    Metric.Measure m = measure(d.measure());
                    return List.of(d.key(), d.minute().toString().replace('T', ' '), d.measure(), val(m, d.left()),
                            val(m, d.right()), val(m, d.diff()), m.show(d.allowed()), Long.toString(d.late()),
                            val(m, d.lateSum()), d.verdict().id());
                }).toList();
        String html = HtmlReport.render("Reconciliation of " + metric.name() + " on " + day + ": " + left.side().name()
                + " vs " + right.side().name(), summaryLines(), charts, List.of("key", "minute", "measure",
                        left.side().name(), right.side().name(), "diff", "allowed", "late records", "late sum",
                        "verdict"), rows, 2000);
        try {
            Files.createDirectories(report.toAbsolutePath().getParent());
            Files.writeString(report, html, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report " + report, e);
        }
    }

    private static String val(Metric.Measure m, BigDecimal d) {
        return d == null ? "" : m.show(d);
    }

    private static HtmlReport.Series series(Reconciler.Rows rows, String key, String column, String css) {
        NavigableMap<LocalDateTime, Reconciler.Point> points = rows.byKey().getOrDefault(key, new TreeMap<>());
        List<Map.Entry<LocalDateTime, BigDecimal>> out = new ArrayList<>();
        points.forEach((t, p) -> out.add(new AbstractMap.SimpleImmutableEntry<>(t, p.values().get(column))));
        return new HtmlReport.Series(rows.side().name() + " (" + rows.side().describe() + ")", css, out);
    }
}
