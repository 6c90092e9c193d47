package io.rtw.quality;

import io.rtw.meta.DefinitionException;
import io.rtw.meta.Identifiers;
import io.rtw.meta.Location;
import io.rtw.meta.Problem;
import io.rtw.meta.Project;
import io.rtw.meta.Secrets;
import io.rtw.meta.Variables;
import io.rtw.meta.YamlReader;

import org.yaml.snakeyaml.nodes.Node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads every metric quality file of a project ({@code quality/*.yaml} beside {@code rtw.yaml}) strictly: every
 * unknown key, missing key and bad value is reported together, located by file, line, column and key path.
 * {@code ${bizdate}} and the project's variables are resolved in values.
 */
final class MetricParser {

    /** The directory of quality files, relative to the project directory. */
    static final String DIR = "quality";

    private static final Pattern TABLE = Pattern.compile(Identifiers.RULE + "\\." + Identifiers.RULE + "\\."
            + Identifiers.RULE);
    private static final List<String> KEYS = List.of("metric", "description", "table", "day-column", "time-column",
            "keys", "rows", "measures", "tolerance-k", "late", "sides", "compare", "checks");
    private static final List<String> MEASURE_KEYS = List.of("kind", "lg-k", "sketch-column", "late-column");
    private static final List<String> KINDS = List.of("exact", "sum", "hll", "theta");
    private static final List<String> SIDE_KEYS = List.of("table", "tag", "snapshot", "late-records");
    private static final List<String> LATE_KEYS = List.of("table", "day-column", "time-column", "keys", "all-value");
    private static final List<String> RULE_COMMON = List.of("name", "kind", "severity", "consecutive", "description");
    private MetricParser() {}

    /** Every metric of the project for business day {@code bizdate}, sorted by name. */
    static List<Metric> load(Project project, LocalDate bizdate, Secrets secrets) {
        Path dir = project.dir().resolve(DIR);
        if (!Files.isDirectory(dir)) {
            throw new DefinitionException(Location.ofFile(dir.toString()), "no quality directory: put metric "
                    + "quality files (*.yaml) in " + dir);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        Variables vars = project.variables().with(Map.of("bizdate", bizdate.toString()));
        List<Problem> problems = new ArrayList<>();
        List<Metric> metrics = new ArrayList<>();
        Map<String, Location> seen = new HashMap<>();
        for (Path f : files) {
            String text;
            try {
                text = Files.readString(f, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f, e);
            }
            YamlReader yaml = new YamlReader(f.toString(), vars, secrets);
            Optional<Metric> m = parse(yaml, text);
            problems.addAll(yaml.problems());
            m.ifPresent(metric -> {
                Location previous = seen.putIfAbsent(metric.name(), metric.location());
                if (previous != null) {
                    problems.add(new Problem(metric.location().withPath("metric"), "metric '" + metric.name()
                            + "' is already declared in " + previous.file()));
                } else {
                    metrics.add(metric);
                }
            });
        }
        if (!problems.isEmpty()) {
            throw new DefinitionException(problems);
        }
        metrics.sort((a, b) -> a.name().compareTo(b.name()));
        return metrics;
    }

    /** The metric called {@code name}, or a user error naming the metrics there are. */
    static Metric find(List<Metric> metrics, String name, Project project) {
        return metrics.stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow(() ->
                new DefinitionException(Location.ofFile(project.dir().resolve(DIR).toString()), "no metric '" + name
                        + "'; metrics: " + String.join(", ", metrics.stream().map(Metric::name).toList())));
    }

    /** Parses one file; problems go to {@code yaml}, and the metric is present only when the file had none. */
    static Optional<Metric> parse(YamlReader yaml, String text) {
        Optional<YamlReader.Block> root = yaml.compose(text).flatMap(n -> yaml.block(n, "", KEYS));
        if (root.isEmpty()) {
            return Optional.empty();
        }
        YamlReader.Block b = root.get();
        int before = yaml.problems().size();
        String name = b.requiredIdentifier("metric").orElse("?");
        String table = b.required("table").filter(v -> table(yaml, b, "table", v)).orElse("?");
        String day = b.string("day-column").orElse("dt");
        String time = b.required("time-column").orElse("?");
        List<String> keys = b.strings("keys").orElse(List.of());
        Metric.Rows rows = b.choice("rows", List.of("every-window", "on-change")).orElse("every-window")
                .equals("on-change") ? Metric.Rows.ON_CHANGE : Metric.Rows.EVERY_WINDOW;
        List<Metric.Measure> measures = new ArrayList<>();
        Map<String, Node> measureNodes = new LinkedHashMap<>();
        b.value("measures").flatMap(n -> yaml.named(n, "measures")).ifPresentOrElse(named -> named.forEach(
                (col, node) -> {
                    measureNodes.put(col, node);
                    measure(yaml, col, node).ifPresent(measures::add);
                }), () -> yaml.problem(b.node(), "", "missing required key 'measures'"));
        List<String> declared = List.copyOf(measureNodes.keySet());
        double k = b.nonNegative("tolerance-k").map(BigDecimal::doubleValue).orElse(3.0);
        Optional<Metric.Late> late = b.value("late").flatMap(n -> late(yaml, n, keys));
        if (late.isPresent()) {
            // A sum's difference is explained by the late records' values: without the column there is nothing to add.
            measures.stream().filter(m -> m.kind() == Metric.Kind.SUM && m.lateColumn().isEmpty()).forEach(m ->
                    yaml.problem(measureNodes.get(m.column()), "measures." + m.column(), "a sum measure of a "
                            + "metric with late records needs late-column: the column of the late table ("
                            + late.get().table() + ") whose values it sums"));
        }
        Map<String, Metric.Side> sides = new LinkedHashMap<>();
        b.value("sides").flatMap(n -> yaml.named(n, "sides")).ifPresent(named ->
                named.forEach((side, node) -> side(yaml, side, node, table).ifPresent(s -> sides.put(side, s))));
        List<String> compare = b.strings("compare").orElse(sides.keySet().stream().limit(2).toList());
        if (b.value("compare").isPresent() || !sides.isEmpty()) {
            Node at = b.value("compare").orElse(b.node());
            if (compare.size() != 2) {
                yaml.problem(at, "compare", "compare names two sides, left then right; got " + compare);
            } else {
                compare.stream().filter(s -> !sides.containsKey(s)).forEach(s -> yaml.problem(at, "compare",
                        "no side '" + s + "'; sides: " + String.join(", ", sides.keySet())));
            }
        }
        List<Metric.Rule> rules = new ArrayList<>();
        Set<String> ruleNames = new HashSet<>();
        List<Node> ruleNodes = b.list("checks").orElse(List.of());
        for (int i = 0; i < ruleNodes.size(); i++) {
            rule(yaml, ruleNodes.get(i), "checks[" + i + "]", declared).ifPresent(r -> {
                if (!ruleNames.add(r.name())) {
                    yaml.problem(b.node(), "checks", "two checks are called '" + r.name() + "'");
                }
                rules.add(r);
            });
        }
        if (yaml.problems().size() > before) {
            return Optional.empty();
        }
        return Optional.of(new Metric(name, b.string("description").orElse(""), b.location(), table, day, time,
                List.copyOf(keys), rows, List.copyOf(measures), k, late, sides, List.copyOf(compare),
                List.copyOf(rules)));
    }

    private static boolean table(YamlReader yaml, YamlReader.Block b, String key, String v) {
        if (TABLE.matcher(v).matches()) {
            return true;
        }
        yaml.problem(b.value(key).orElseThrow(), b.pathOf(key), "expected catalog.database.table, got '" + v + "'");
        return false;
    }

    private static Optional<Metric.Measure> measure(YamlReader yaml, String column, Node node) {
        String path = "measures." + column;
        return yaml.block(node, path, MEASURE_KEYS).flatMap(b -> {
            Optional<Metric.Kind> kind = b.choice("kind", KINDS)
                    .map(v -> Metric.Kind.valueOf(v.toUpperCase(Locale.ROOT)));
            if (b.value("kind").isEmpty()) {
                yaml.problem(node, path, "missing required key 'kind' in " + path + " (" + String.join(", ", KINDS)
                        + ")");
            }
            int lgK = b.integer("lg-k", 4, 21).orElse(12);
            Optional<String> lateColumn = b.string("late-column");
            if (lateColumn.isPresent() && kind.filter(k -> k != Metric.Kind.SUM).isPresent()) {
                yaml.problem(b.value("late-column").orElseThrow(), b.pathOf("late-column"), "late-column belongs to "
                        + "a sum measure (kind: sum); a late record adds one to an exact count and is not summed");
            }
            return kind.map(k -> new Metric.Measure(column, k, lgK, b.string("sketch-column"), lateColumn));
        });
    }

    private static Optional<Metric.Late> late(YamlReader yaml, Node node, List<String> metricKeys) {
        return yaml.block(node, "late", LATE_KEYS).flatMap(b -> {
            Optional<String> table = b.required("table").filter(v -> table(yaml, b, "table", v));
            List<String> keys = b.strings("keys").orElse(metricKeys);
            if (keys.size() != metricKeys.size()) {
                yaml.problem(node, "late.keys", "late.keys matches the metric's keys one to one (" + metricKeys
                        + "); got " + keys);
            }
            return table.map(t -> new Metric.Late(t, b.string("day-column").orElse("dt"),
                    b.string("time-column").orElse("event_time"), List.copyOf(keys), b.string("all-value")));
        });
    }

    private static Optional<Metric.Side> side(YamlReader yaml, String name, Node node, String metricTable) {
        String path = "sides." + name;
        return yaml.block(node, path, SIDE_KEYS).flatMap(b -> {
            String table = b.string("table").filter(v -> table(yaml, b, "table", v)).orElse(metricTable);
            Optional<Long> snapshot = b.integer("snapshot", 1, Integer.MAX_VALUE).map(Integer::longValue);
            Optional<String> tag = b.string("tag");
            if (tag.isPresent() && snapshot.isPresent()) {
                yaml.problem(node, path, "a side is read as of a tag or a snapshot, not both");
            }
            boolean late = b.choice("late-records", List.of("included", "excluded")).orElse("excluded")
                    .equals("included");
            return Optional.of(new Metric.Side(name, table, tag, snapshot, late));
        });
    }

    private static Optional<Metric.Rule> rule(YamlReader yaml, Node node, String path, List<String> measures) {
        List<String> all = new ArrayList<>(RULE_COMMON);
        Check.KINDS.forEach(k -> k.keys().stream().filter(key -> !all.contains(key)).forEach(all::add));
        return yaml.block(node, path, all).flatMap(b -> {
            Optional<String> name = b.requiredIdentifier("name");
            List<String> names = Check.KINDS.stream().map(Check.Kind::name).sorted().toList();
            Optional<Check.Kind> kind = (b.value("kind").isPresent() ? b.choice("kind", names)
                    : Optional.<String>empty()).flatMap(n -> Check.KINDS.stream().filter(k -> k.name().equals(n)).findFirst());
            if (b.value("kind").isEmpty()) {
                yaml.problem(node, path, "missing required key 'kind' in " + path + " (" + String.join(", ", names)
                        + ")");
            }
            if (kind.isEmpty()) {
                return Optional.empty();
            }
            for (String key : all) {
                boolean foreign = !RULE_COMMON.contains(key) && !kind.get().keys().contains(key);
                if (b.value(key).isPresent() && foreign) {
                    yaml.problem(b.value(key).get(), b.pathOf(key), "a " + kind.get().name() + " check has no key '"
                            + key + "'; its keys: " + String.join(", ", kind.get().keys()));
                }
            }
            Metric.Severity severity = b.choice("severity", List.of("warn", "error")).orElse("error")
                    .equals("warn") ? Metric.Severity.WARN : Metric.Severity.ERROR;
            int consecutive = b.integer("consecutive", 1, 10_000).orElse(1);
            Optional<Check> check = kind.get().parse().apply(new Check.Block(yaml, b, node, path, measures));
            return name.flatMap(n -> check.map(c -> new Metric.Rule(n, severity, consecutive, c,
                    yaml.location(node, path))));
        });
    }
}
