package io.rtw.meta;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/**
 * A warehouse project: the directory holding {@code rtw.yaml} (name, time zone, catalogs, variables and
 * profiles) and the meta-table YAML files below its {@code meta-tables} directory.
 *
 * @param name project name
 * @param dir the project directory
 * @param timeZone the zone business days are cut in (e.g. Asia/Shanghai)
 * @param catalogs catalogs every job gets, name to options (values may hold {@code ${env:…}})
 * @param variables the resolved variables of the chosen profile
 * @param tables every meta-table, sorted by name
 */
public record Project(
        String name, Path dir, ZoneId timeZone, Map<String, Map<String, String>> catalogs, Variables variables,
        List<MetaTable> tables) {

    /** The project file's name. */
    public static final String FILE = "rtw.yaml";

    private static final List<String> KEYS = List.of(
            "name", "description", "time-zone", "meta-tables", "catalogs", "vars", "profiles", "default-profile");

    /** Copies the collections so the record stays immutable. */
    public Project {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        catalogs.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
        catalogs = Collections.unmodifiableMap(copy);
        tables = List.copyOf(tables);
    }

    /**
     * How to load a project.
     *
     * @param profile the profile to use; empty for the project's default profile
     * @param vars {@code --var} values, winning over the profile's
     * @param secrets where {@code ${env:…}} references are checked
     * @param home the rtw work directory, the built-in variable {@code rtw.home}
     */
    public record Options(Optional<String> profile, Map<String, String> vars, Secrets secrets, Path home) {
        /** Defaults: default profile, no variables, the process environment, {@code $RTW_HOME} or ./.rtw. */
        public static Options defaults() {
            String home = System.getenv("RTW_HOME");
            return new Options(Optional.empty(), Map.of(), Secrets.fromSystem(),
                    Path.of(home != null ? home : ".rtw").toAbsolutePath().normalize());
        }

        /** The same options with {@code --var} values. */
        public Options withVars(Map<String, String> values) {
            return new Options(profile, values, secrets, home);
        }

        /** The same options with a profile. */
        public Options withProfile(String name) {
            return new Options(Optional.ofNullable(name), vars, secrets, home);
        }
    }

    /** The meta-table called {@code tableName}. */
    public Optional<MetaTable> table(String tableName) {
        return tables.stream().filter(t -> t.name().equals(tableName)).findFirst();
    }

    /**
     * Loads and validates a whole project: every problem in {@code rtw.yaml} and in every meta-table file
     * is reported together.
     *
     * @param dir the project directory (with or without {@code rtw.yaml})
     * @throws DefinitionException listing every problem found
     */
    public static Project load(Path dir, Options options) {
        Path abs = dir.toAbsolutePath().normalize();
        Path file = abs.resolve(FILE);
        List<Problem> problems = new ArrayList<>();
        Map<String, String> builtins = Map.of("rtw.home", options.home().toString(), "project.dir", abs.toString());
        boolean hasSettings = Files.exists(file);
        Settings settings = hasSettings ? readSettings(file, builtins, options, problems)
                : new Settings(abs.getFileName().toString(), ZoneId.of("UTC"), "meta", Map.of(),
                        Variables.of(builtins).with(options.vars()));
        Path metaDir = abs.resolve(settings.metaDir());
        // Without rtw.yaml the directory itself holds the meta-tables; its subdirectories are not searched (run on a
        // home or /tmp by mistake, a walk would read every YAML file below it).
        List<Path> files = hasSettings ? yamlFiles(metaDir, Integer.MAX_VALUE) : yamlFiles(abs, 1);
        if (files.isEmpty() && problems.isEmpty()) {
            problems.add(new Problem(Location.ofFile(hasSettings ? metaDir.toString() : abs.toString()),
                    hasSettings ? "no meta-table files (*.yaml) found"
                            : "no " + FILE + " and no meta-table files (*.yaml) in this directory"));
        }
        YamlMetaTableParser parser = new YamlMetaTableParser(settings.variables(), options.secrets());
        List<MetaTable> tables = new ArrayList<>();
        Map<String, Location> declared = new HashMap<>();
        for (Path f : files) {
            YamlMetaTableParser.Parsed parsed = parser.parseLocated(f);
            problems.addAll(parsed.problems());
            if (parsed.table() == null) {
                continue;
            }
            Location previous = declared.putIfAbsent(parsed.table().name(), parsed.location());
            if (previous != null) {
                problems.add(new Problem(parsed.location().withPath("name"), "meta-table '" + parsed.table().name()
                        + "' is already declared in " + previous.file()));
            } else {
                tables.add(parsed.table());
            }
        }
        if (!problems.isEmpty()) {
            throw new DefinitionException(problems);
        }
        tables.sort((a, b) -> a.name().compareTo(b.name()));
        return new Project(settings.name(), abs, settings.zone(), settings.catalogs(), settings.variables(), tables);
    }

    private record Settings(
            String name, ZoneId zone, String metaDir, Map<String, Map<String, String>> catalogs, Variables variables) {}

    private static Settings readSettings(Path file, Map<String, String> builtins, Options options,
            List<Problem> problems) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        // Variables first (without resolution), so the rest of the file can use them.
        YamlReader raw = new YamlReader(file.toString(), null, options.secrets());
        Optional<YamlReader.Block> rawRoot = raw.compose(text).flatMap(n -> raw.block(n, "", KEYS));
        Map<String, String> merged = new LinkedHashMap<>(builtins);
        String profileName = options.profile().orElse(null);
        if (rawRoot.isPresent()) {
            YamlReader.Block root = rawRoot.get();
            merged.putAll(variables(raw, root.value("vars"), "vars"));
            if (profileName == null) {
                profileName = root.string("default-profile").orElse(null);
            }
            Map<String, Map<String, String>> profiles = new LinkedHashMap<>();
            root.value("profiles").ifPresent(p -> {
                if (p instanceof MappingNode m) {
                    for (NodeTuple t : m.getValue()) {
                        String key = ((org.yaml.snakeyaml.nodes.ScalarNode) t.getKeyNode()).getValue();
                        profiles.put(key, variables(raw, Optional.of(t.getValueNode()), "profiles." + key));
                    }
                } else {
                    raw.problem(p, "profiles", "expected a mapping of profile name to variables");
                }
            });
            if (profileName != null) {
                Map<String, String> profile = profiles.get(profileName);
                if (profile == null) {
                    // Named by default-profile: located there; named by --profile: where the profiles are declared.
                    String key = options.profile().isEmpty() ? "default-profile" : "profiles";
                    raw.problem(root.keyNode(key), key, "unknown profile '" + profileName + "'; profiles: "
                            + (profiles.isEmpty() ? "(none)" : String.join(", ", profiles.keySet())));
                } else {
                    merged.putAll(profile);
                }
            }
        }
        merged.putAll(options.vars());
        problems.addAll(raw.problems());
        Variables variables = resolveAll(merged, file, problems);

        YamlReader r = new YamlReader(file.toString(), variables, options.secrets());
        Optional<YamlReader.Block> root = raw.problems().isEmpty()
                ? r.compose(text).flatMap(n -> r.block(n, "", KEYS)) : Optional.empty();
        String name = root.flatMap(b -> b.string("name")).orElse(file.getParent().getFileName().toString());
        ZoneId zone = ZoneId.of("UTC");
        if (root.isPresent() && root.get().has("time-zone")) {
            Optional<String> z = root.get().string("time-zone");
            try {
                zone = z.map(ZoneId::of).orElse(zone);
            } catch (DateTimeException e) {
                r.problem(root.get().value("time-zone").get(), "time-zone", "unknown time zone '" + z.get()
                        + "'; use a region id such as Asia/Shanghai or UTC");
            }
        }
        root.ifPresent(b -> b.string("description"));
        String metaDir = root.flatMap(b -> b.string("meta-tables")).orElse("meta");
        Map<String, Map<String, String>> catalogs = new LinkedHashMap<>();
        root.flatMap(b -> b.value("catalogs")).ifPresent(c -> {
            if (c instanceof MappingNode m) {
                for (NodeTuple t : m.getValue()) {
                    r.identifier(t.getKeyNode(), "catalogs").ifPresent(catalog -> {
                        Map<String, String> opts = plainMap(r, Optional.of(t.getValueNode()), "catalogs." + catalog);
                        if (!opts.containsKey("type")) {
                            r.problem(t.getValueNode(), "catalogs." + catalog, "missing required key 'type' "
                                    + "(e.g. type: paimon)");
                        }
                        catalogs.put(catalog, opts);
                    });
                }
            } else {
                r.problem(c, "catalogs", "expected a mapping of catalog name to options");
            }
        });
        problems.addAll(r.problems());
        return new Settings(name, zone, metaDir, catalogs, variables);
    }

    private static Map<String, String> plainMap(YamlReader r, Optional<Node> node, String path) {
        return plainMap(r, node, path, "[A-Za-z0-9_.-]+", "names may contain only letters, digits, '.', '_', '-'");
    }

    private static Map<String, String> variables(YamlReader r, Optional<Node> node, String path) {
        return plainMap(r, node, path, Variables.NAME_RULE, "variable names must match " + Variables.NAME_RULE
                + " (no '-': it is the minus of date arithmetic)");
    }

    private static Map<String, String> plainMap(YamlReader r, Optional<Node> node, String path, String rule,
            String ruleText) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node.isEmpty()) {
            return out;
        }
        if (!(node.get() instanceof MappingNode m)) {
            r.problem(node.get(), path, "expected a mapping of names to values, got " + YamlReader.kind(node.get()));
            return out;
        }
        for (NodeTuple t : m.getValue()) {
            r.scalar(t.getKeyNode(), path).ifPresent(k -> {
                if (!k.matches(rule)) {
                    r.problem(t.getKeyNode(), path + "." + k, ruleText);
                    return;
                }
                r.scalar(t.getValueNode(), path + "." + k).ifPresent(v -> out.put(k, v));
            });
        }
        return out;
    }

    /** Resolves references between variables (e.g. {@code warehouse: ${rtw.home}/warehouse}). */
    private static Variables resolveAll(Map<String, String> values, Path file, List<Problem> problems) {
        Map<String, String> current = new LinkedHashMap<>(values);
        for (int round = 0; round < 10; round++) {
            Variables vars = Variables.of(current);
            Map<String, String> next = new LinkedHashMap<>();
            boolean changed = false;
            for (Map.Entry<String, String> e : current.entrySet()) {
                String resolved = vars.resolve(e.getValue(), Secrets.of(Map.of()), msg -> { });
                changed |= !resolved.equals(e.getValue());
                next.put(e.getKey(), resolved);
            }
            current = next;
            if (!changed) {
                break;
            }
        }
        Variables vars = Variables.of(current);
        current.forEach((k, v) -> vars.resolve(v.replaceAll("\\$\\{\\s*env:[^}]*}", ""), Secrets.of(Map.of()),
                msg -> problems.add(new Problem(new Location(file.toString(), 0, 0, "vars." + k), msg))));
        return vars;
    }

    private static List<Path> yamlFiles(Path dir, int depth) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir, depth)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .filter(p -> !p.getFileName().toString().equals(FILE))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
