package io.rtw.meta;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strict reading of one YAML document: typed access to blocks with a fixed set of keys, variables
 * resolved in scalars, and every mistake recorded as a located {@link Problem} instead of thrown. Public for the
 * other modules' YAML files (the quality module's metric files).
 */
public final class YamlReader {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|min|m|h|d)");

    private final String file;
    private final Variables variables;
    private final Secrets secrets;
    private final List<Problem> problems = new ArrayList<>();

    /** A reader resolving variables; {@code variables} null reads scalars as written. */
    public YamlReader(String file, Variables variables, Secrets secrets) {
        this.file = file;
        this.variables = variables;
        this.secrets = secrets;
    }

    /** Composes {@code text} into a node tree; a syntax error becomes a problem and yields empty. */
    public Optional<Node> compose(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(20);
        try {
            Node root = new Yaml(new SafeConstructor(options)).compose(new StringReader(text));
            if (root == null) {
                problems.add(new Problem(new Location(file, 1, 1, ""), "the file is empty"));
            }
            return Optional.ofNullable(root);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            problems.add(new Problem(location(mark, ""), "YAML syntax error: " + what));
            return Optional.empty();
        } catch (YAMLException e) {
            problems.add(new Problem(new Location(file, 1, 1, ""), "YAML error: " + e.getMessage()));
            return Optional.empty();
        }
    }

    public List<Problem> problems() {
        return problems;
    }

    String file() {
        return file;
    }

    public Location location(Node node, String path) {
        return location(node.getStartMark(), path);
    }

    private Location location(Mark mark, String path) {
        return mark == null ? new Location(file, 0, 0, path)
                : new Location(file, mark.getLine() + 1, mark.getColumn() + 1, path);
    }

    public void problem(Node node, String path, String message) {
        problems.add(new Problem(location(node, path), message));
    }

    /** Opens a block that allows exactly {@code allowed} keys. */
    public Optional<Block> block(Node node, String path, Collection<String> allowed) {
        return block(node, path, allowed::contains, allowed);
    }

    /** Opens a block whose keys are checked by {@code allowed}; {@code described} is shown in errors. */
    Optional<Block> block(Node node, String path, Predicate<String> allowed, Collection<String> described) {
        if (!(node instanceof MappingNode mapping)) {
            problem(node, path, "expected a mapping of keys to values here, got " + kind(node));
            return Optional.empty();
        }
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple t : mapping.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode key)) {
                problem(t.getKeyNode(), path, "keys must be plain words");
                continue;
            }
            String k = key.getValue();
            String keyPath = join(path, k);
            if (entries.containsKey(k)) {
                problem(key, keyPath, "duplicate key '" + k + "' (first at line "
                        + (entries.get(k).getKeyNode().getStartMark().getLine() + 1) + ")");
            } else if (!allowed.test(k)) {
                problem(key, keyPath, "unknown key '" + k + "'" + (path.isEmpty() ? "" : " in " + path)
                        + suggestion(k, described) + "; allowed: " + String.join(", ", new TreeSet<>(described)));
            } else {
                entries.put(k, t);
            }
        }
        return Optional.of(new Block(mapping, path, entries));
    }

    /** A mapping of free names (sides, measures) to values, in document order. */
    public Optional<Map<String, Node>> named(Node node, String path) {
        if (!(node instanceof MappingNode mapping)) {
            problem(node, path, "expected a mapping of names to values here, got " + kind(node));
            return Optional.empty();
        }
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : mapping.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode key) {
                out.put(key.getValue(), t.getValueNode());
            } else {
                problem(t.getKeyNode(), path, "names must be plain words");
            }
        }
        return Optional.of(out);
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String kind(Node node) {
        if (node instanceof ScalarNode) {
            return "a single value";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return "a mapping";
    }

    private static String suggestion(String key, Collection<String> allowed) {
        String best = null;
        int bestDistance = 3;
        for (String a : allowed) {
            int d = Suggestions.distance(key, a);
            if (d < bestDistance) {
                best = a;
                bestDistance = d;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    /** A mapping whose keys were checked; gives typed, located access to its values. */
    public final class Block {
        private final MappingNode node;
        private final String path;
        private final Map<String, NodeTuple> entries;

        private Block(MappingNode node, String path, Map<String, NodeTuple> entries) {
            this.node = node;
            this.path = path;
            this.entries = entries;
        }

        public MappingNode node() {
            return node;
        }

        public String path() {
            return path;
        }

        /** Where this block starts. */
        public Location location() {
            return YamlReader.this.location(node, path);
        }

        public String pathOf(String key) {
            return join(path, key);
        }

        Set<String> keys() {
            return entries.keySet();
        }

        boolean has(String key) {
            return entries.containsKey(key);
        }

        public Optional<Node> value(String key) {
            return Optional.ofNullable(entries.get(key)).map(NodeTuple::getValueNode);
        }

        /** The key's node, for locating problems about the key itself. */
        Node keyNode(String key) {
            NodeTuple t = entries.get(key);
            return t == null ? node : t.getKeyNode();
        }

        /** A scalar with variables resolved; a non-scalar is a problem and yields empty. */
        public Optional<String> string(String key) {
            return value(key).flatMap(v -> scalar(v, pathOf(key)));
        }

        /** A required scalar; its absence is a problem located at this block. */
        public Optional<String> required(String key) {
            if (!has(key)) {
                problem(node, path, "missing required key '" + key + "'" + (path.isEmpty() ? "" : " in " + path));
                return Optional.empty();
            }
            return string(key);
        }

        /** A nested block with exactly {@code allowed} keys. */
        Optional<Block> block(String key, Collection<String> allowed) {
            return value(key).flatMap(v -> YamlReader.this.block(v, pathOf(key), allowed));
        }

        /** A required plain SQL identifier; its absence or another value is a problem. */
        public Optional<String> requiredIdentifier(String key) {
            return required(key).filter(v -> isIdentifier(value(key).orElseThrow(), pathOf(key), v));
        }

        /** One of {@code choices} (lower case), or empty after a problem listing them. */
        public Optional<String> choice(String key, List<String> choices) {
            return string(key).filter(v -> {
                if (choices.contains(v)) {
                    return true;
                }
                problem(value(key).orElseThrow(), pathOf(key), "'" + v + "' is not one of " + String.join(", ",
                        choices));
                return false;
            });
        }

        /** A number, exactly as written (no binary floating point: 0.1 stays 0.1). */
        public Optional<BigDecimal> number(String key) {
            return string(key).flatMap(v -> {
                try {
                    return Optional.of(new BigDecimal(v.strip()));
                } catch (NumberFormatException e) {
                    problem(value(key).orElseThrow(), pathOf(key), "expected a number, got '" + v + "'");
                    return Optional.empty();
                }
            });
        }

        /** A non-negative number, exactly as written. */
        public Optional<BigDecimal> nonNegative(String key) {
            return number(key).filter(d -> {
                if (d.signum() >= 0) {
                    return true;
                }
                problem(value(key).orElseThrow(), pathOf(key), "must be zero or more, got " + d.toPlainString());
                return false;
            });
        }

        /** An integer in {@code [min, max]}. */
        public Optional<Integer> integer(String key, int min, int max) {
            return string(key).flatMap(v -> {
                try {
                    int i = Integer.parseInt(v);
                    if (i >= min && i <= max) {
                        return Optional.of(i);
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
                problem(value(key).orElseThrow(), pathOf(key), "expected a whole number from " + min + " to " + max
                        + ", got '" + v + "'");
                return Optional.empty();
            });
        }

        /** A duration such as {@code 90s}, {@code 10 min}, {@code 2h}. */
        public Optional<Duration> duration(String key) {
            return string(key).flatMap(v -> {
                Matcher m = DURATION.matcher(v.strip());
                if (!m.matches()) {
                    problem(value(key).orElseThrow(), pathOf(key), "expected a duration like 90s, 10min, 2h or 1d, "
                            + "got '" + v + "'");
                    return Optional.empty();
                }
                long n = Long.parseLong(m.group(1));
                return Optional.of(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "h" -> Duration.ofHours(n);
                    case "d" -> Duration.ofDays(n);
                    default -> Duration.ofMinutes(n);
                });
            });
        }

        /** A list of single values. */
        public Optional<List<String>> strings(String key) {
            return value(key).flatMap(v -> {
                if (!(v instanceof SequenceNode seq)) {
                    problem(v, pathOf(key), "expected a list here, got " + kind(v));
                    return Optional.empty();
                }
                List<String> out = new ArrayList<>();
                for (int i = 0; i < seq.getValue().size(); i++) {
                    scalar(seq.getValue().get(i), pathOf(key) + "[" + i + "]").ifPresent(out::add);
                }
                return Optional.of(out);
            });
        }

        /** A list value; anything else is a problem. */
        public Optional<List<Node>> list(String key) {
            return value(key).flatMap(v -> {
                if (v instanceof SequenceNode seq) {
                    return Optional.of(seq.getValue());
                }
                problem(v, pathOf(key), "expected a list here, got " + kind(v));
                return Optional.empty();
            });
        }
    }

    /** A scalar's text with variables resolved. */
    Optional<String> scalar(Node node, String path) {
        if (!(node instanceof ScalarNode s)) {
            problem(node, path, "expected a single value here, got " + kind(node));
            return Optional.empty();
        }
        if (variables == null) {
            return Optional.of(s.getValue());
        }
        return Optional.of(variables.resolve(s.getValue(), secrets, msg -> problem(node, path, msg)));
    }

    /** A plain SQL identifier scalar; anything else is a problem. */
    Optional<String> identifier(Node node, String path) {
        return scalar(node, path).filter(v -> isIdentifier(node, path, v));
    }

    /** Whether {@code value} (of {@code node}) is a plain SQL identifier; if not, a problem says why. */
    private boolean isIdentifier(Node node, String path, String value) {
        Optional<String> p = Identifiers.problem(value);
        p.ifPresent(msg -> problem(node, path, msg));
        return p.isEmpty();
    }
}
