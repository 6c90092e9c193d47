package io.rtw.meta;

import io.rtw.meta.binding.BindingFactories;
import io.rtw.meta.binding.BindingFactory;
import io.rtw.meta.binding.Side;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.description.HtmlFormatter;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.UnresolvedUserDefinedType;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;
import org.apache.flink.util.TimeUtils;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The strict YAML reader of meta-tables: whitelisted keys, typed values, located problems. Long (about 700 lines)
 * because it is the one place that knows the meta-table format's every block and key; the value decodings live in
 * {@link Decodings}, the key and value checks in {@link YamlReader}.
 */
final class YamlMetaTableParser implements MetaTableParser {

    private static final List<String> ROOT_KEYS = List.of(
            "name", "description", "owner", "columns", "primary-key", "event-time", "stream", "batch", "kv");
    private static final List<String> COLUMN_KEYS = List.of("name", "type", "comment", "stream", "batch");
    private static final List<String> SOURCE_KEYS = List.of("from", "expr", "virtual", "values");
    private static final String DEAD_LETTER_TABLE = "dead-letter-table";
    private static final String LATE_TABLE = "late-table";
    private static final String ARCHIVE = "archive";
    private static final List<String> EVENT_TIME_KEYS = List.of("column", "watermark-delay", "watermark-emit");

    private final Variables variables;
    private final Secrets secrets;
    private final BindingFactories kinds = BindingFactories.load();

    YamlMetaTableParser(Variables variables, Secrets secrets) {
        this.variables = variables;
        this.secrets = secrets;
    }

    @Override
    public MetaTable parse(Path file) {
        Parsed parsed = parseLocated(file);
        if (!parsed.problems().isEmpty()) {
            throw new DefinitionException(parsed.problems());
        }
        return parsed.table();
    }

    @Override
    public MetaTable parse(String yaml, String fileName) {
        Parsed parsed = parseLocated(yaml, fileName);
        if (!parsed.problems().isEmpty()) {
            throw new DefinitionException(parsed.problems());
        }
        return parsed.table();
    }

    /** A parse outcome: the table (null when there are problems), where it was declared, and problems. */
    record Parsed(MetaTable table, Location location, List<Problem> problems) {}

    Parsed parseLocated(Path file) {
        try {
            return parseLocated(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    Parsed parseLocated(String yaml, String fileName) {
        YamlReader r = new YamlReader(fileName, variables, secrets);
        Optional<Node> root = r.compose(yaml);
        MetaTable table = root.flatMap(n -> r.block(n, "", ROOT_KEYS)).map(b -> read(r, b)).orElse(null);
        Location location = root.map(n -> r.location(n, "")).orElse(Location.ofFile(fileName));
        List<Problem> problems = new ArrayList<>(r.problems());
        problems.sort(Comparator.comparingInt((Problem p) -> p.location().line())
                .thenComparingInt(p -> p.location().column()));
        return new Parsed(problems.isEmpty() ? table : null, location, problems);
    }

    private MetaTable read(YamlReader r, YamlReader.Block root) {
        String name = root.has("name")
                ? root.value("name").flatMap(v -> r.identifier(v, "name")).orElse("")
                : root.required("name").orElse("");
        String description = root.string("description").orElse("");
        String owner = root.string("owner").orElse("");

        Optional<Binding> kv = binding(r, root, Side.KV);
        Optional<Binding> stream = Optional.empty();
        Optional<Binding> batch = Optional.empty();
        if (kv.isPresent() || root.has("kv")) {
            for (Side side : List.of(Side.STREAM, Side.BATCH)) {
                if (root.has(side.key())) {
                    r.problem(root.keyNode(side.key()), side.key(), "a kv table is used as declared in both "
                            + "modes; remove '" + side.key() + "' or remove 'kv'");
                }
            }
        } else {
            stream = requiredBinding(r, root, Side.STREAM);
            batch = requiredBinding(r, root, Side.BATCH);
        }
        boolean serving = root.has("kv");

        int before = r.problems().size();
        Declared declared = columns(r, root, stream, batch, serving);
        List<Column> columns = declared.columns();
        if (r.problems().size() != before && columns.isEmpty()) {
            // Without columns, every reference to one would be a follow-on error.
            return null;
        }
        checkArchive(r, root, batch, declared);
        List<String> primaryKey = primaryKey(r, root, declared.names());
        if (kv.isPresent() && r.problems().size() == before) {
            validateServing(r, root, kv.get(), columns, primaryKey);
        }
        Optional<EventTime> eventTime = eventTime(r, root, declared);
        return new MetaTable(name, description, owner, columns, primaryKey, eventTime, stream, batch, kv);
    }

    private Optional<Binding> requiredBinding(YamlReader r, YamlReader.Block root, Side side) {
        if (!root.has(side.key())) {
            r.problem(root.node(), "", "missing required key '" + side.key() + "': a meta-table binds a stream "
                    + "source and a batch source (or, for a serving table, a single 'kv' store)");
            return Optional.empty();
        }
        return binding(r, root, side);
    }

    private Optional<Binding> binding(YamlReader r, YamlReader.Block root, Side side) {
        Optional<Node> node = root.value(side.key());
        if (node.isEmpty()) {
            return Optional.empty();
        }
        String path = side.key();
        Optional<YamlReader.Block> kindOnly = r.block(node.get(), path, k -> true, List.of());
        if (kindOnly.isEmpty()) {
            return Optional.empty();
        }
        YamlReader.Block raw = kindOnly.get();
        if (!raw.has("kind")) {
            r.problem(node.get(), path, "missing required key 'kind' in " + path + "; available kinds: "
                    + kinds.kinds());
            return Optional.empty();
        }
        Optional<String> kind = raw.string("kind");
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        Optional<BindingFactory> factory = kinds.find(kind.get());
        if (factory.isEmpty()) {
            r.problem(raw.value("kind").get(), path + ".kind", "unknown kind '" + kind.get()
                    + "'; available kinds: " + kinds.kinds());
            return Optional.empty();
        }
        BindingFactory f = factory.get();
        if (!f.sides().contains(side)) {
            r.problem(raw.value("kind").get(), path + ".kind", "kind '" + kind.get() + "' cannot be used in '"
                    + side.key() + "'; it binds: " + sideNames(f.sides()));
            return Optional.empty();
        }
        Set<String> keys = new TreeSet<>();
        keys.add("kind");
        if (side != Side.KV) {
            keys.add("fields");
        }
        if (side != Side.KV) {
            keys.add(DEAD_LETTER_TABLE);
        }
        if (side == Side.STREAM) {
            keys.add(LATE_TABLE);
        }
        if (side == Side.BATCH) {
            keys.add(ARCHIVE);
        }
        Map<String, Side> sideOnly = f.sideOnly();
        f.allOptions().stream().map(ConfigOption::key).filter(k -> sideOnly.getOrDefault(k, side) == side)
                .forEach(keys::add);
        List<String> prefixes = f.prefixes().stream().filter(p -> sideOnly.getOrDefault(p, side) == side).toList();
        Set<String> prefixRoots = new TreeSet<>();
        prefixes.forEach(p -> prefixRoots.add(p.substring(0, p.length() - 1)));
        List<String> described = new ArrayList<>(keys);
        prefixes.forEach(p -> described.add(p + "*"));
        Predicate<String> ours = k -> keys.contains(k) || prefixRoots.contains(k) || prefixes.stream().anyMatch(k::startsWith);
        Optional<YamlReader.Block> block = r.block(node.get(), path,
                k -> ours.test(k) || otherSide(sideOnly, side, k).isPresent(), described);
        if (block.isEmpty()) {
            return Optional.empty();
        }
        YamlReader.Block b = block.get();
        for (String key : List.copyOf(b.keys())) {
            if (!ours.test(key)) {
                r.problem(b.keyNode(key), b.pathOf(key), "option '" + key + "' of kind " + kind.get()
                        + " belongs in '" + otherSide(sideOnly, side, key).orElseThrow().key() + "' only, not in '"
                        + side.key() + "'; allowed here: " + String.join(", ", new TreeSet<>(described)));
            }
        }

        Map<String, String> options = new LinkedHashMap<>();
        Map<String, Node> optionNodes = new HashMap<>();
        for (String key : b.keys()) {
            if (key.equals("kind") || key.equals("fields") || key.equals(DEAD_LETTER_TABLE) || key.equals(LATE_TABLE)
                    || key.equals(ARCHIVE) || !ours.test(key)) {
                continue;
            }
            Node value = b.value(key).orElseThrow();
            if (prefixRoots.contains(key) && !keys.contains(key)) {
                flatten(r, value, key, b.pathOf(key), options, optionNodes);
            } else {
                r.scalar(value, b.pathOf(key)).ifPresent(v -> {
                    options.put(key, v);
                    optionNodes.put(key, value);
                });
            }
        }
        int before = r.problems().size();
        Configuration conf = Configuration.fromMap(options);
        for (ConfigOption<?> required : f.requiredOptions()) {
            if (!options.containsKey(required.key())) {
                r.problem(node.get(), path, "missing required option '" + required.key() + "' for kind "
                        + kind.get() + " in " + path + " (" + text(required) + ")");
            }
        }
        for (ConfigOption<?> option : f.allOptions()) {
            if (options.containsKey(option.key())) {
                try {
                    conf.get(option);
                } catch (RuntimeException e) {
                    r.problem(optionNodes.get(option.key()), b.pathOf(option.key()), "invalid value '"
                            + options.get(option.key()) + "' for " + option.key() + ": " + optionError(e)
                            + " (" + text(option) + ")");
                }
            }
        }
        Map<String, FieldDecoding> decoding = new LinkedHashMap<>();
        Map<String, String> fields = side == Side.KV ? Map.of() : fields(r, b, side, decoding);
        Optional<String> deadLetter = tablePath(r, b, DEAD_LETTER_TABLE);
        if (!decoding.isEmpty()) {
            Decodings.checkDecodable(r, b, options, deadLetter.isPresent() || b.has(DEAD_LETTER_TABLE));
        }
        Optional<String> late = tablePath(r, b, LATE_TABLE);
        Optional<Map<String, String>> archive = archive(r, b, fields);
        if (r.problems().size() == before) {
            f.validate(conf, fields, (option, msg) -> r.problem(optionNodes.getOrDefault(option.key(), node.get()),
                    optionNodes.containsKey(option.key()) ? b.pathOf(option.key()) : path, msg));
        }
        if (r.problems().size() != before) {
            return Optional.empty();
        }
        return Optional.of(new Binding(kind.get(), options, fields, deadLetter, late, archive, decoding));
    }

    /** The side a key of a kind belongs in when it is one of the kind's options or prefixes for another side only. */
    private static Optional<Side> otherSide(Map<String, Side> sideOnly, Side side, String key) {
        return sideOnly.entrySet().stream()
                .filter(e -> e.getValue() != side)
                .filter(e -> key.equals(e.getKey()) || e.getKey().endsWith(".") && (key.startsWith(e.getKey())
                        || key.equals(e.getKey().substring(0, e.getKey().length() - 1))))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    /** Checks a kv binding against the table's columns and primary key, locating each problem at its option. */
    private void validateServing(YamlReader r, YamlReader.Block root, Binding kv, List<Column> columns,
            List<String> primaryKey) {
        BindingFactory f = kinds.find(kv.kind()).orElseThrow();
        Map<String, String> types = new LinkedHashMap<>();
        columns.forEach(c -> types.put(c.name(), c.type()));
        MappingNode block = (MappingNode) root.value(Side.KV.key()).orElseThrow();
        f.validateServing(Configuration.fromMap(kv.options()), types, primaryKey, (option, message) -> {
            Optional<Node> at = valueNode(block, option.key());
            r.problem(at.orElse(block), at.isPresent() ? Side.KV.key() + "." + option.key() : Side.KV.key(), message);
        });
    }

    /** The value of {@code key} in a binding block, written flat ({@code lookup.cache: X}) or nested. */
    private static Optional<Node> valueNode(MappingNode block, String key) {
        for (NodeTuple t : block.getValue()) {
            String k = ((ScalarNode) t.getKeyNode()).getValue();
            if (k.equals(key)) {
                return Optional.of(t.getValueNode());
            }
            if (key.startsWith(k + ".") && t.getValueNode() instanceof MappingNode m) {
                return valueNode(m, key.substring(k.length() + 1));
            }
        }
        return Optional.empty();
    }

    private static Optional<Map<String, String>> archive(YamlReader r, YamlReader.Block b, Map<String, String> fields) {
        Optional<Node> node = b.value(ARCHIVE);
        if (node.isEmpty()) {
            return Optional.empty();
        }
        String path = b.pathOf(ARCHIVE);
        if (!(node.get() instanceof MappingNode mapping)) {
            r.problem(node.get(), path, "expected a mapping of batch field to an expression over logical columns "
                    + "(or {} when every field has a logical column of its name)");
            return Optional.empty();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (NodeTuple t : mapping.getValue()) {
            r.identifier(t.getKeyNode(), path).ifPresent(field -> {
                if (!fields.containsKey(field)) {
                    r.problem(t.getKeyNode(), path + "." + field, "'" + field + "' is not a field of the batch side; "
                            + "fields: " + String.join(", ", fields.keySet()));
                }
                r.scalar(t.getValueNode(), path + "." + field).ifPresent(expr -> {
                    Expressions.analyze(expr).problem().ifPresent(p -> r.problem(t.getValueNode(), path + "." + field, p));
                    out.put(field, expr);
                });
            });
        }
        return Optional.of(out);
    }

    /** Checks that archive expressions use logical columns and every other batch field has one of its name. */
    private static void checkArchive(YamlReader r, YamlReader.Block root, Optional<Binding> batch, Declared declared) {
        Set<String> logical = declared.names();
        // A batch field read through a value map is archived through the map reversed; one read by a column's from,
        // from that column.
        Map<String, String> mappedBy = new LinkedHashMap<>();
        Set<String> renamed = new LinkedHashSet<>();
        declared.columns().forEach(c -> {
            if (c.batch() instanceof ColumnSource.Mapped m) {
                mappedBy.put(m.field(), c.name());
            } else if (c.batch() instanceof ColumnSource.Field f) {
                renamed.add(f.field());
            }
        });
        if (batch.isEmpty() || batch.get().archive().isEmpty()) {
            return;
        }
        Node batchNode = root.value("batch").orElseThrow();
        Node archiveNode = ((MappingNode) batchNode).getValue().stream()
                .filter(t -> ((ScalarNode) t.getKeyNode()).getValue().equals(ARCHIVE))
                .findFirst().orElseThrow().getValueNode();
        Map<String, String> archive = batch.get().archive().get();
        for (NodeTuple t : ((MappingNode) archiveNode).getValue()) {
            String field = ((ScalarNode) t.getKeyNode()).getValue();
            String expr = archive.get(field);
            if (expr == null) {
                continue;
            }
            if (mappedBy.containsKey(field)) {
                r.problem(t.getKeyNode(), "batch.archive." + field, "'" + field + "' is archived through the value map of "
                        + "column '" + mappedBy.get(field) + "' reversed, which the next batch day reads back; remove it "
                        + "here");
                continue;
            }
            for (String c : Expressions.analyze(expr).columns()) {
                if (!logical.contains(c)) {
                    r.problem(t.getValueNode(), "batch.archive." + field, "the expression references '" + c
                            + "', which is not a logical column; columns: " + String.join(", ", logical));
                }
            }
        }
        for (String field : batch.get().fields().keySet()) {
            if (!archive.containsKey(field) && !logical.contains(field) && !mappedBy.containsKey(field)
                    && !renamed.contains(field)) {
                r.problem(archiveNode, "batch.archive", "batch field '" + field + "' needs an expression here: no "
                        + "logical column has its name");
            }
        }
    }

    private static Optional<String> tablePath(YamlReader r, YamlReader.Block b, String key) {
        return b.string(key).filter(path -> {
            String[] parts = path.split("\\.", -1);
            boolean ok = parts.length == 3 && java.util.Arrays.stream(parts).allMatch(p -> Identifiers.problem(p).isEmpty());
            if (!ok) {
                r.problem(b.value(key).get(), b.pathOf(key), "'" + path + "' is not catalog.database.table with "
                        + "plain identifiers (" + Identifiers.RULE + ")");
            }
            return ok;
        });
    }

    private static void flatten(YamlReader r, Node value, String prefix, String path, Map<String, String> out,
            Map<String, Node> nodes) {
        if (!(value instanceof MappingNode mapping)) {
            r.problem(value, path, "expected a mapping of " + prefix + " keys to values, got "
                    + YamlReader.kind(value));
            return;
        }
        for (NodeTuple t : mapping.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode key) || !key.getValue().matches("[A-Za-z0-9._-]+")) {
                r.problem(t.getKeyNode(), path, "option keys may contain only letters, digits, '.', '_' and '-'");
                continue;
            }
            String full = prefix + "." + key.getValue();
            r.scalar(t.getValueNode(), path + "." + key.getValue()).ifPresent(v -> {
                out.put(full, v);
                nodes.put(full, t.getValueNode());
            });
        }
    }

    private Map<String, String> fields(YamlReader r, YamlReader.Block binding, Side side,
            Map<String, FieldDecoding> decoding) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (!binding.has("fields")) {
            r.problem(binding.node(), binding.path(), "missing required key 'fields' in " + binding.path()
                    + ": the physical fields of this side, name: TYPE");
            return fields;
        }
        Node node = binding.value("fields").orElseThrow();
        String path = binding.pathOf("fields");
        if (!(node instanceof MappingNode mapping)) {
            r.problem(node, path, "expected a mapping of field name to Flink SQL type (or to {type: ..., format: ...}), got "
                    + YamlReader.kind(node));
            return fields;
        }
        if (mapping.getValue().isEmpty()) {
            r.problem(node, path, "declare at least one field");
        }
        for (NodeTuple t : mapping.getValue()) {
            Optional<String> name = r.identifier(t.getKeyNode(), path);
            if (name.isEmpty()) {
                continue;
            }
            String fieldPath = path + "." + name.get();
            if (fields.containsKey(name.get())) {
                r.problem(t.getKeyNode(), fieldPath, "duplicate field '" + name.get() + "'");
                continue;
            }
            if (t.getValueNode() instanceof MappingNode) {
                Decodings.longField(r, t.getValueNode(), fieldPath, side, (n, at, text) -> type(r, n, at, text)).ifPresent(f -> {
                    fields.put(name.get(), f.type());
                    f.decoding().ifPresent(d -> decoding.put(name.get(), d));
                });
                continue;
            }
            r.scalar(t.getValueNode(), fieldPath)
                    .flatMap(type -> type(r, t.getValueNode(), fieldPath, type).map(x -> type))
                    .ifPresent(type -> fields.put(name.get(), type));
        }
        return fields;
    }

    /**
     * The columns of a meta-table: those declared without a problem, and the names of all declared ones (a column
     * whose type is wrong is reported once, not again by each key that names it).
     */
    private record Declared(List<Column> columns, Set<String> names) {}

    private Declared columns(YamlReader r, YamlReader.Block root, Optional<Binding> stream,
            Optional<Binding> batch, boolean serving) {
        List<Column> columns = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        if (!root.has("columns")) {
            r.problem(root.node(), "", "missing required key 'columns': the logical columns, each with name and type");
            return new Declared(columns, seen);
        }
        Optional<List<Node>> list = root.list("columns");
        List<Node> items = list.orElse(List.of());
        if (items.isEmpty() && list.isPresent()) {
            r.problem(root.value("columns").get(), "columns", "declare at least one column");
        }
        for (int i = 0; i < items.size(); i++) {
            String path = "columns[" + i + "]";
            Optional<YamlReader.Block> block = r.block(items.get(i), path, COLUMN_KEYS);
            if (block.isEmpty()) {
                continue;
            }
            YamlReader.Block b = block.get();
            Optional<String> name = b.has("name")
                    ? b.value("name").flatMap(v -> r.identifier(v, b.pathOf("name")))
                    : b.required("name");
            Optional<LogicalType> logical = b.required("type")
                    .flatMap(t -> type(r, b.value("type").get(), b.pathOf("type"), t));
            boolean required = logical.map(lt -> !lt.isNullable()).orElse(false);
            if (required) {
                Decodings.requireDeadLetters(r, b, serving, stream, batch);
            }
            // NOT NULL is enforced by sending rows without a value to the dead letters; the type itself stays nullable,
            // so both modes and the archive, late and dead-letter tables keep one schema.
            Optional<String> type = logical.map(lt -> b.string("type").orElseThrow()
                    .replaceAll("(?i)\\s+NOT\\s+NULL\\s*$", ""));
            String comment = b.string("comment").orElse("");
            if (name.isEmpty()) {
                continue;
            }
            if (!seen.add(name.get())) {
                r.problem(b.value("name").get(), b.pathOf("name"), "duplicate column '" + name.get() + "'");
                continue;
            }
            if (serving) {
                for (String side : List.of("stream", "batch")) {
                    if (b.has(side)) {
                        r.problem(b.keyNode(side), b.pathOf(side), "columns of a kv table are stored as declared; "
                                + "remove '" + side + "'");
                    }
                }
            }
            ColumnSource s = source(r, b, "stream", name.get(), type, stream);
            ColumnSource bs = source(r, b, "batch", name.get(), type, batch);
            if (bs instanceof ColumnSource.Mapped m && batch.flatMap(Binding::archive).isPresent()) {
                Node values = b.block("batch", SOURCE_KEYS).flatMap(sb -> sb.value("values")).orElseThrow();
                Decodings.checkReversible(r, values, b.pathOf("batch.values"), m.values(),
                        type.flatMap(t -> Decodings.knownValues(s, t)), s instanceof ColumnSource.Mapped
                                ? "stream.values" : "a BOOLEAN column");
            }
            if (type.isPresent()) {
                columns.add(new Column(name.get(), type.get(), comment, s, bs, required));
            }
        }
        return new Declared(columns, seen);
    }

    private ColumnSource source(YamlReader r, YamlReader.Block column, String side, String name,
            Optional<String> columnType, Optional<Binding> binding) {
        ColumnSource fallback = new ColumnSource.Field(name);
        if (binding.isEmpty()) {
            return fallback;
        }
        Map<String, String> fields = binding.get().fields();
        if (!column.has(side)) {
            if (!fields.containsKey(name)) {
                r.problem(column.node(), column.path(), "column '" + name + "' has no binding on the " + side
                        + " side: declare a field '" + name + "' in " + side + ".fields, or give "
                        + column.pathOf(side) + " with one of from, expr, virtual");
            }
            return fallback;
        }
        Optional<YamlReader.Block> block = column.block(side, SOURCE_KEYS);
        if (block.isEmpty()) {
            return fallback;
        }
        YamlReader.Block b = block.get();
        if (b.has("values")) {
            return Decodings.mapped(r, b, side, name, columnType, binding.get()).orElse(fallback);
        }
        if (b.keys().size() != 1) {
            r.problem(b.node(), b.path(), "give exactly one of from, expr, virtual (got "
                    + (b.keys().isEmpty() ? "none" : String.join(", ", b.keys())) + ")");
            return fallback;
        }
        String key = b.keys().iterator().next();
        Node node = b.value(key).orElseThrow();
        String path = b.pathOf(key);
        Optional<String> value = r.scalar(node, path);
        if (value.isEmpty()) {
            return fallback;
        }
        switch (key) {
            case "from" -> {
                if (!fields.containsKey(value.get())) {
                    r.problem(node, path, "'" + value.get() + "' is not a field of the " + side + " side; fields: "
                            + String.join(", ", fields.keySet()));
                }
                return new ColumnSource.Field(value.get());
            }
            case "expr" -> {
                Expressions.Result result = Expressions.analyze(value.get());
                result.problem().ifPresent(p -> r.problem(node, path, p));
                for (String c : result.columns()) {
                    if (!fields.containsKey(c)) {
                        r.problem(node, path, "the expression references '" + c + "', which is not a field of the "
                                + side + " side; fields: " + String.join(", ", fields.keySet()));
                    }
                }
                return new ColumnSource.Expr(value.get());
            }
            default -> {
                Expressions.Result result = Expressions.analyze(value.get());
                result.problem().ifPresent(p -> r.problem(node, path, p));
                if (!result.columns().isEmpty()) {
                    r.problem(node, path, "a virtual value may not reference fields (" + String.join(", ",
                            result.columns()) + "); use expr to compute a column from fields");
                }
                return new ColumnSource.Virtual(value.get());
            }
        }
    }

    private List<String> primaryKey(YamlReader r, YamlReader.Block root, Set<String> columns) {
        List<String> key = new ArrayList<>();
        for (Node item : root.list("primary-key").orElse(List.of())) {
            r.identifier(item, "primary-key").ifPresent(c -> {
                if (!columns.contains(c)) {
                    r.problem(item, "primary-key", "primary key column '" + c + "' is not a declared column");
                } else if (key.contains(c)) {
                    r.problem(item, "primary-key", "column '" + c + "' appears twice in the primary key");
                } else {
                    key.add(c);
                }
            });
        }
        return key;
    }

    private Optional<EventTime> eventTime(YamlReader r, YamlReader.Block root, Declared columns) {
        Optional<YamlReader.Block> block = root.block("event-time", EVENT_TIME_KEYS);
        if (block.isEmpty()) {
            return Optional.empty();
        }
        YamlReader.Block b = block.get();
        Optional<String> column = b.required("column");
        Optional<String> delayText = b.required("watermark-delay");
        Optional<Duration> delay = delayText.flatMap(text -> {
            try {
                Duration d = TimeUtils.parseDuration(text);
                if (d.isNegative()) {
                    r.problem(b.value("watermark-delay").get(), b.pathOf("watermark-delay"),
                            "watermark-delay may not be negative");
                    return Optional.empty();
                }
                return Optional.of(d);
            } catch (RuntimeException e) {
                r.problem(b.value("watermark-delay").get(), b.pathOf("watermark-delay"), "invalid duration '"
                        + text + "'; write a number with a unit, e.g. 5s, 500ms, 1min");
                return Optional.empty();
            }
        });
        boolean onEvent = false;
        Optional<String> emit = b.string("watermark-emit");
        if (emit.isPresent()) {
            if (!emit.get().equals("on-event") && !emit.get().equals("on-periodic")) {
                r.problem(b.value("watermark-emit").get(), b.pathOf("watermark-emit"), "invalid value '" + emit.get()
                        + "'; allowed: on-periodic (default), on-event");
            }
            onEvent = emit.get().equals("on-event");
        }
        if (column.isEmpty()) {
            return Optional.empty();
        }
        Node columnNode = b.value("column").get();
        String path = b.pathOf("column");
        Optional<Column> col = columns.columns().stream().filter(c -> c.name().equals(column.get())).findFirst();
        if (col.isEmpty()) {
            if (!columns.names().contains(column.get())) {
                r.problem(columnNode, path, "event-time column '" + column.get() + "' is not a declared column");
            }
            return Optional.empty();
        }
        LogicalType type = LogicalTypeParser.parse(col.get().type(), getClass().getClassLoader());
        boolean time = type.is(LogicalTypeRoot.TIMESTAMP_WITHOUT_TIME_ZONE)
                || type.is(LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE);
        if (!time || LogicalTypeChecks.getPrecision(type) > 3) {
            r.problem(columnNode, path, "a watermark needs a time column: '" + column.get() + "' is "
                    + col.get().type() + "; use TIMESTAMP(3) or TIMESTAMP_LTZ(3)");
            return Optional.empty();
        }
        if (col.get().stream() instanceof ColumnSource.Virtual) {
            r.problem(columnNode, path, "the event-time column is virtual on the stream side; a watermark "
                    + "needs event times from the data");
        }
        boolean perEvent = onEvent;
        return delay.map(d -> new EventTime(column.get(), d, perEvent));
    }

    private Optional<LogicalType> type(YamlReader r, Node node, String path, String text) {
        try {
            LogicalType type = LogicalTypeParser.parse(text, getClass().getClassLoader());
            Optional<String> unknown = unresolved(type);
            if (unknown.isPresent()) {
                r.problem(node, path, "'" + text + "' is not a Flink SQL type: unknown type '" + unknown.get()
                        + "' (e.g. STRING, BIGINT, BOOLEAN, DECIMAL(10, 2), TIMESTAMP_LTZ(3))");
                return Optional.empty();
            }
            return Optional.of(type);
        } catch (RuntimeException e) {
            r.problem(node, path, "'" + text + "' is not a Flink SQL type: " + rootMessage(e)
                    + " (e.g. STRING, BIGINT, BOOLEAN, DECIMAL(10, 2), TIMESTAMP_LTZ(3))");
            return Optional.empty();
        }
    }

    private static Optional<String> unresolved(LogicalType type) {
        if (type instanceof UnresolvedUserDefinedType u) {
            return Optional.of(u.getUnresolvedIdentifier().asSummaryString());
        }
        return type.getChildren().stream().map(YamlMetaTableParser::unresolved).flatMap(Optional::stream).findFirst();
    }

    private static String text(ConfigOption<?> option) {
        return new HtmlFormatter().format(option.description()).replace("&#39;", "'").replace("&quot;", "\"");
    }

    private static String optionError(RuntimeException e) {
        String message = rootMessage(e);
        Matcher m = Pattern.compile("Expected one of: \\[\\[(.*)]]").matcher(message);
        return m.find() ? "allowed: " + m.group(1) : message;
    }

    private static String sideNames(Set<Side> sides) {
        return String.join(", ", sides.stream().map(Side::key).sorted().toList());
    }

    static String rootMessage(Throwable e) {
        Throwable t = Causes.root(e);
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
