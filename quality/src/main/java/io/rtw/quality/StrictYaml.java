package io.rtw.quality;

import io.rtw.meta.Location;
import io.rtw.meta.Problem;
import io.rtw.meta.Secrets;
import io.rtw.meta.Variables;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Strict reading of one quality YAML file: whitelisted keys, typed values, every mistake a located problem. */
final class StrictYaml {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|min|m|h|d)");

    private final String file;
    private final Variables variables;
    private final Secrets secrets;
    private final List<Problem> problems = new ArrayList<>();

    StrictYaml(String file, Variables variables, Secrets secrets) {
        this.file = file;
        this.variables = variables;
        this.secrets = secrets;
    }

    List<Problem> problems() {
        return problems;
    }

    /** The document's root node; a syntax error or an empty file becomes a problem. */
    Optional<Node> compose(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try {
            Node root = new Yaml(new SafeConstructor(options)).compose(new StringReader(text));
            if (root == null) {
                problems.add(new Problem(new Location(file, 1, 1, ""), "the file is empty"));
            }
            return Optional.ofNullable(root);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            problems.add(new Problem(location(mark, ""), "YAML syntax error: "
                    + (e.getProblem() != null ? e.getProblem() : e.getMessage())));
            return Optional.empty();
        } catch (YAMLException e) {
            problems.add(new Problem(new Location(file, 1, 1, ""), "YAML error: " + e.getMessage()));
            return Optional.empty();
        }
    }

    Location location(Node node, String path) {
        return location(node.getStartMark(), path);
    }

    private Location location(Mark mark, String path) {
        return mark == null ? new Location(file, 0, 0, path) : new Location(file, mark.getLine() + 1,
                mark.getColumn() + 1, path);
    }

    void problem(Node node, String path, String message) {
        problems.add(new Problem(location(node, path), message));
    }

    /** Opens a mapping that allows exactly {@code allowed} keys. */
    Optional<Block> block(Node node, String path, Collection<String> allowed) {
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
            if (!allowed.contains(k)) {
                problem(key, join(path, k), "unknown key '" + k + "'" + (path.isEmpty() ? "" : " in " + path)
                        + "; allowed: " + String.join(", ", new TreeSet<>(allowed)));
            } else {
                entries.put(k, t);
            }
        }
        return Optional.of(new Block(mapping, path, entries));
    }

    /** A mapping of free names (sides, measures) to values, in document order. */
    Optional<Map<String, Node>> named(Node node, String path) {
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

    private static String kind(Node node) {
        return node instanceof ScalarNode ? "a single value" : node instanceof SequenceNode ? "a list" : "a mapping";
    }

    /** A scalar's text with variables resolved. */
    Optional<String> scalar(Node node, String path) {
        if (!(node instanceof ScalarNode s)) {
            problem(node, path, "expected a single value here, got " + kind(node));
            return Optional.empty();
        }
        return Optional.of(variables.resolve(s.getValue(), secrets, msg -> problem(node, path, msg)));
    }

    /** A mapping whose keys were checked; typed, located access to its values. */
    final class Block {
        private final MappingNode node;
        private final String path;
        private final Map<String, NodeTuple> entries;

        private Block(MappingNode node, String path, Map<String, NodeTuple> entries) {
            this.node = node;
            this.path = path;
            this.entries = entries;
        }

        MappingNode node() {
            return node;
        }

        String path() {
            return path;
        }

        String pathOf(String key) {
            return join(path, key);
        }

        Location location() {
            return StrictYaml.this.location(node, path);
        }

        Optional<Node> value(String key) {
            return Optional.ofNullable(entries.get(key)).map(NodeTuple::getValueNode);
        }

        Optional<String> string(String key) {
            return value(key).flatMap(v -> scalar(v, pathOf(key)));
        }

        Optional<String> required(String key) {
            if (!entries.containsKey(key)) {
                problem(node, path, "missing required key '" + key + "'" + (path.isEmpty() ? "" : " in " + path));
                return Optional.empty();
            }
            return string(key);
        }

        /** One of {@code choices} (lower case), or empty after a problem listing them. */
        Optional<String> choice(String key, List<String> choices) {
            return string(key).filter(v -> {
                if (choices.contains(v)) {
                    return true;
                }
                problem(value(key).orElseThrow(), pathOf(key), "'" + v + "' is not one of " + String.join(", ",
                        choices));
                return false;
            });
        }

        Optional<Double> number(String key) {
            return string(key).flatMap(v -> {
                try {
                    return Optional.of(Double.parseDouble(v));
                } catch (NumberFormatException e) {
                    problem(value(key).orElseThrow(), pathOf(key), "expected a number, got '" + v + "'");
                    return Optional.empty();
                }
            });
        }

        /** A non-negative number. */
        Optional<Double> nonNegative(String key) {
            return number(key).filter(d -> {
                if (d >= 0) {
                    return true;
                }
                problem(value(key).orElseThrow(), pathOf(key), "must be zero or more, got " + d);
                return false;
            });
        }

        /** An integer in {@code [min, max]}. */
        Optional<Integer> integer(String key, int min, int max) {
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
        Optional<Duration> duration(String key) {
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
        Optional<List<String>> strings(String key) {
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

        /** A list of nodes. */
        Optional<List<Node>> list(String key) {
            return value(key).flatMap(v -> {
                if (v instanceof SequenceNode seq) {
                    return Optional.of(seq.getValue());
                }
                problem(v, pathOf(key), "expected a list here, got " + kind(v));
                return Optional.empty();
            });
        }
    }
}
