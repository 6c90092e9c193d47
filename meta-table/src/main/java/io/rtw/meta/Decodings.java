package io.rtw.meta;

import io.rtw.meta.binding.Side;

import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The YAML of typed reading: stream fields in the long form ({@code {type, format, zone, json}}) and value maps
 * ({@code values: {PAID: false, REFUNDED: true}}), each mistake located, and the checks that a value map the archive
 * writes reversed is one-to-one and encodes every value the stream side can give.
 */
final class Decodings {

    private static final List<String> LONG_FIELD_KEYS = List.of("format", "json", "type", "zone");

    private Decodings() {}

    /** A field declared in the long form: its type and, when given, how to read it. */
    record LongField(String type, Optional<FieldDecoding> decoding) {}

    /** Parses a type written at a node, reporting a problem there when it is not one. */
    @FunctionalInterface
    interface Types {
        Optional<LogicalType> parse(Node node, String path, String text);
    }

    /** Reads {@code {type: T, format: F, zone: Z, json: raw}}; on the batch side only {@code type} is allowed. */
    static Optional<LongField> longField(YamlReader r, Node node, String path, Side side, Types types) {
        Optional<YamlReader.Block> block = r.block(node, path, LONG_FIELD_KEYS);
        if (block.isEmpty()) {
            return Optional.empty();
        }
        YamlReader.Block b = block.get();
        if (side != Side.STREAM) {
            for (String key : List.of("format", "zone", "json")) {
                if (b.has(key)) {
                    r.problem(b.keyNode(key), b.pathOf(key), "'" + key + "' says how a stream field is read from JSON;"
                            + " a " + side.key() + " field is read with its table's type: write it as name: TYPE");
                    return Optional.empty();
                }
            }
        }
        Optional<String> typeText = b.required("type");
        Optional<LogicalType> type = typeText.flatMap(t -> types.parse(b.value("type").get(), b.pathOf("type"), t));
        if (type.isEmpty()) {
            return Optional.empty();
        }
        LogicalType t = type.get();
        boolean time = t.is(LogicalTypeRoot.TIMESTAMP_WITHOUT_TIME_ZONE)
                || t.is(LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE) || t.is(LogicalTypeRoot.DATE);
        Optional<String> format = b.string("format");
        if (format.isPresent()) {
            Node at = b.value("format").get();
            if (!time) {
                r.problem(at, b.pathOf("format"), "format applies to TIMESTAMP, TIMESTAMP_LTZ and DATE fields; this "
                        + "field is " + typeText.get() + (t.is(LogicalTypeFamily.NUMERIC) ? ", read exactly from a JSON "
                        + "number or a string of one" : "") + "; remove format");
                return Optional.empty();
            }
            if (!FieldDecoding.TIME_FORMATS.contains(format.get()) && !isPattern(format.get())) {
                r.problem(at, b.pathOf("format"), "'" + format.get() + "' is not a time format: allowed: iso-8601, "
                        + "epoch-seconds, epoch-millis or a date-time pattern such as 'yyyy-MM-dd HH:mm:ss' or "
                        + "'yyyyMMdd'");
                return Optional.empty();
            }
            if (t.is(LogicalTypeRoot.DATE) && format.get().startsWith("epoch-")) {
                r.problem(at, b.pathOf("format"), "a DATE field is read from iso-8601 or a pattern, not " + format.get());
                return Optional.empty();
            }
        }
        Optional<String> zone = b.string("zone");
        if (zone.isPresent()) {
            Node at = b.value("zone").get();
            if (!time || format.map(f -> f.startsWith("epoch-")).orElse(false)) {
                r.problem(at, b.pathOf("zone"), "zone is the time zone of times written without an offset; it applies to "
                        + "TIMESTAMP, TIMESTAMP_LTZ and DATE fields read from iso-8601 or a pattern");
                return Optional.empty();
            }
            try {
                ZoneId.of(zone.get());
            } catch (DateTimeException e) {
                r.problem(at, b.pathOf("zone"), "'" + zone.get() + "' is not a time zone: write a region such as "
                        + "Asia/Shanghai or an offset such as +08:00 or UTC");
                return Optional.empty();
            }
        }
        boolean raw = false;
        Optional<String> json = b.string("json");
        if (json.isPresent()) {
            Node at = b.value("json").get();
            if (!json.get().equals("raw")) {
                r.problem(at, b.pathOf("json"), "'" + json.get() + "' is not allowed: json: raw keeps any JSON value "
                        + "as its JSON text");
                return Optional.empty();
            }
            if (!t.is(LogicalTypeFamily.CHARACTER_STRING)) {
                r.problem(at, b.pathOf("json"), "json: raw keeps the JSON text of a value, so the field must be "
                        + "STRING; it is " + typeText.get());
                return Optional.empty();
            }
            raw = true;
        }
        Optional<FieldDecoding> decoding = format.isEmpty() && zone.isEmpty() && !raw ? Optional.empty()
                : Optional.of(new FieldDecoding(format, zone, raw));
        return Optional.of(new LongField(typeText.get(), decoding));
    }

    /** Decoded fields are read by rtw's JSON reader, which needs JSON and a dead-letter table for what it refuses. */
    static void checkDecodable(YamlReader r, YamlReader.Block binding, Map<String, String> options, boolean deadLetters) {
        String format = options.getOrDefault("format", "json");
        Node at = binding.value("fields").orElse(binding.node());
        if (!format.equals("json")) {
            r.problem(at, binding.pathOf("fields"), "fields with format, zone or json are read from JSON; this "
                    + "binding's format is " + format);
        } else if (!deadLetters) {
            r.problem(at, binding.pathOf("fields"), "fields with format, zone or json need "
                    + binding.pathOf("dead-letter-table") + ": values that cannot be read go there");
        }
    }

    /** A NOT NULL column sends rows without a value to a dead-letter table, which each side must then have. */
    static void requireDeadLetters(YamlReader r, YamlReader.Block column, boolean serving,
            Optional<Binding> stream, Optional<Binding> batch) {
        Node at = column.value("type").orElseThrow();
        if (serving) {
            r.problem(at, column.pathOf("type"), "a column of a kv table cannot be NOT NULL: the store keeps what "
                    + "jobs write; remove NOT NULL");
            return;
        }
        List<String> missing = new ArrayList<>();
        stream.filter(s -> s.deadLetterTable().isEmpty()).ifPresent(s -> missing.add("stream.dead-letter-table"));
        batch.filter(s -> s.deadLetterTable().isEmpty()).ifPresent(s -> missing.add("batch.dead-letter-table"));
        if (!missing.isEmpty()) {
            r.problem(at, column.pathOf("type"), "a NOT NULL column sends rows without a value to the side's dead-letter "
                    + "table: declare " + String.join(" and ", missing));
        }
    }

    /** {@code values} with {@code from} (or alone, for the field of the column's name): a field through a value map. */
    static Optional<ColumnSource> mapped(YamlReader r, YamlReader.Block b, String side, String name,
            Optional<String> columnType, Binding binding) {
        Node valuesNode = b.value("values").orElseThrow();
        for (String other : List.of("expr", "virtual")) {
            if (b.has(other)) {
                r.problem(b.keyNode(other), b.pathOf(other), "values maps the values of a field: give it with from (or "
                        + "alone, for the field '" + name + "'), not with " + other);
                return Optional.empty();
            }
        }
        String field = b.has("from") ? b.string("from").orElse(null) : name;
        if (field == null) {
            return Optional.empty();
        }
        Map<String, String> fields = binding.fields();
        if (!fields.containsKey(field)) {
            Node at = b.value("from").orElse(valuesNode);
            r.problem(at, b.has("from") ? b.pathOf("from") : b.pathOf("values"), "'" + field + "' is not a field of the "
                    + side + " side; fields: " + String.join(", ", fields.keySet()));
            return Optional.empty();
        }
        if (binding.deadLetterTable().isEmpty()) {
            r.problem(valuesNode, b.pathOf("values"), "a value map sends values outside it to the dead letters: declare "
                    + side + ".dead-letter-table");
            return Optional.empty();
        }
        if (columnType.isEmpty()) {
            return Optional.empty();
        }
        return Decodings.values(r, valuesNode, b.pathOf("values"), field, fields.get(field), columnType.get())
                .map(values -> new ColumnSource.Mapped(field, values));
    }

    /**
     * A value map from values of a field of {@code fieldType} to values of a column of {@code columnType}, literals
     * normalised ({@code TRUE} to {@code true}); empty after a located problem.
     */
    static Optional<Map<String, String>> values(YamlReader r, Node node, String path, String field, String fieldType,
            String columnType) {
        if (!(node instanceof MappingNode mapping) || mapping.getValue().isEmpty()) {
            r.problem(node, path, "expected a mapping of the field's values to the column's, e.g. {PAID: false, "
                    + "REFUNDED: true}");
            return Optional.empty();
        }
        LogicalType from = LogicalTypeParser.parse(fieldType, Decodings.class.getClassLoader());
        LogicalType to = LogicalTypeParser.parse(columnType, Decodings.class.getClassLoader());
        if (kind(from) == null || kind(from) == Kind.DECIMAL) {
            r.problem(node, path, "a value map reads a STRING, integer or BOOLEAN field; '" + field + "' is " + fieldType);
            return Optional.empty();
        }
        if (kind(to) == null) {
            r.problem(node, path, "a value map gives a STRING, integer, DECIMAL or BOOLEAN column; this column is "
                    + columnType);
            return Optional.empty();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (NodeTuple t : mapping.getValue()) {
            Optional<String> key = r.scalar(t.getKeyNode(), path).flatMap(k -> literal(r, t.getKeyNode(), path, k, from,
                    "'" + field + "' is " + fieldType));
            Optional<String> value = r.scalar(t.getValueNode(), path).flatMap(v -> literal(r, t.getValueNode(),
                    path + "." + key.orElse(""), v, to, "the column is " + columnType));
            if (key.isPresent() && value.isPresent()) {
                if (out.containsKey(key.get())) {
                    r.problem(t.getKeyNode(), path, "key " + key.get() + " is given twice");
                    return Optional.empty();
                }
                out.put(key.get(), value.get());
            }
        }
        return out.size() == mapping.getValue().size() ? Optional.of(out) : Optional.empty();
    }

    /**
     * Checks the batch value map a stream job archives with, reversed: each column value has one key, and every value
     * the stream side gives ({@code streamValues}) has one, so the next batch day reads back what the stream saw.
     */
    static void checkReversible(YamlReader r, Node node, String path, Map<String, String> batch,
            Optional<Set<String>> streamValues, String streamFrom) {
        Map<String, String> keyOf = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : batch.entrySet()) {
            String first = keyOf.putIfAbsent(e.getValue(), e.getKey());
            if (first != null) {
                r.problem(node, path, "the archive writes this field from the map reversed, so each value needs one "
                        + "key: " + e.getValue() + " has keys " + first + " and " + e.getKey()
                        + "; keep one, or read the others with an expr");
                return;
            }
        }
        streamValues.ifPresent(values -> {
            Set<String> missing = new TreeSet<>(values);
            missing.removeAll(keyOf.keySet());
            if (!missing.isEmpty()) {
                r.problem(node, path, "the stream side gives " + String.join(", ", missing) + " (" + streamFrom
                        + "), which this map has no key for: the archive could not write it, and the next batch day "
                        + "would not read back what the stream saw; add a key for it");
            }
        });
    }

    /** The values a column can take on a side, when they are few and known: a value map's, or a BOOLEAN's. */
    static Optional<Set<String>> knownValues(ColumnSource source, String columnType) {
        if (source instanceof ColumnSource.Mapped m) {
            return Optional.of(new TreeSet<>(m.values().values()));
        }
        if (source instanceof ColumnSource.Virtual) {
            return Optional.empty();
        }
        LogicalType t = LogicalTypeParser.parse(columnType, Decodings.class.getClassLoader());
        return t.is(LogicalTypeRoot.BOOLEAN) ? Optional.of(new TreeSet<>(Set.of("false", "true"))) : Optional.empty();
    }

    private enum Kind { STRING, INTEGER, DECIMAL, BOOLEAN }

    private static Kind kind(LogicalType t) {
        if (t.is(LogicalTypeFamily.CHARACTER_STRING)) {
            return Kind.STRING;
        }
        if (t.is(LogicalTypeFamily.INTEGER_NUMERIC)) {
            return Kind.INTEGER;
        }
        if (t.is(LogicalTypeRoot.DECIMAL)) {
            return Kind.DECIMAL;
        }
        return t.is(LogicalTypeRoot.BOOLEAN) ? Kind.BOOLEAN : null;
    }

    /** {@code text} as a literal of {@code type}, normalised; empty after a problem saying why it is not one. */
    private static Optional<String> literal(YamlReader r, Node node, String path, String text, LogicalType type,
            String what) {
        switch (kind(type)) {
            case BOOLEAN -> {
                String b = text.toLowerCase(Locale.ROOT);
                if (b.equals("true") || b.equals("false")) {
                    return Optional.of(b);
                }
                r.problem(node, path, "'" + text + "' is not true or false (" + what + ")");
            }
            case INTEGER -> {
                try {
                    return Optional.of(Long.toString(Long.parseLong(text.strip())));
                } catch (NumberFormatException e) {
                    r.problem(node, path, "'" + text + "' is not a whole number (" + what + ")");
                }
            }
            case DECIMAL -> {
                try {
                    return Optional.of(new BigDecimal(text.strip()).toPlainString());
                } catch (NumberFormatException e) {
                    r.problem(node, path, "'" + text + "' is not a decimal number (" + what + ")");
                }
            }
            default -> {
                if (node instanceof ScalarNode s && s.getTag().getValue().endsWith(":null")) {
                    r.problem(node, path, "a value map has no null; quote it if '" + text + "' is meant as text");
                    return Optional.empty();
                }
                return Optional.of(text);
            }
        }
        return Optional.empty();
    }

    private static boolean isPattern(String format) {
        try {
            DateTimeFormatter.ofPattern(format);
            return format.chars().anyMatch(Character::isLetter);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
