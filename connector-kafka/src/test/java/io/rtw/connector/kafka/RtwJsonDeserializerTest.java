package io.rtw.connector.kafka;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.DeserializationFeature;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.UserCodeClassLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class RtwJsonDeserializerTest {

    private static final RowType TYPE = (RowType) DataTypes.ROW(
            DataTypes.FIELD("id", DataTypes.STRING()),
            DataTypes.FIELD("user_id", DataTypes.BIGINT()),
            DataTypes.FIELD("flag", DataTypes.INT()),
            DataTypes.FIELD("note", DataTypes.STRING()),
            DataTypes.FIELD(RtwJsonFormatFactory.ERROR_COLUMN, DataTypes.STRING()),
            DataTypes.FIELD(RtwJsonFormatFactory.PAYLOAD_COLUMN, DataTypes.STRING())).getLogicalType();

    private final SimpleCounter counter = new SimpleCounter();
    private RtwJsonDeserializer deserializer;

    @BeforeEach
    void open() throws Exception {
        deserializer = open(TYPE, List.of("id", "user_id", "flag"), counter);
    }

    private static RtwJsonDeserializer open(RowType type, List<String> required, SimpleCounter counter)
            throws Exception {
        return open(new RtwJsonDeserializer(type, required, null), counter);
    }

    private static RtwJsonDeserializer open(RtwJsonDeserializer d, SimpleCounter counter) throws Exception {
        d.open(new DeserializationSchema.InitializationContext() {
            @Override
            public MetricGroup getMetricGroup() {
                return new UnregisteredMetricsGroup() {
                    @Override
                    public MetricGroup addGroup(String name) {
                        return this;
                    }

                    @Override
                    public <C extends org.apache.flink.metrics.Counter> C counter(String name, C c) {
                        return c;
                    }

                    @Override
                    public org.apache.flink.metrics.Counter counter(String name) {
                        return counter;
                    }
                };
            }

            @Override
            public UserCodeClassLoader getUserCodeClassLoader() {
                return null;
            }
        });
        return d;
    }

    private RowData read(String json) throws IOException {
        return deserializer.deserialize(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void decodesAGoodRecordWithOptionalFieldsAbsent() throws IOException {
        RowData row = read("{\"id\":\"e1\",\"user_id\":42,\"flag\":\"1\",\"extra\":[1,2]}");
        assertThat(row.getString(0)).hasToString("e1");
        assertThat(row.getLong(1)).isEqualTo(42L);
        assertThat(row.getInt(2)).isEqualTo(1);
        assertThat(row.isNullAt(3)).isTrue();
        assertThat(row.isNullAt(4)).isTrue();
        assertThat(row.isNullAt(5)).isTrue();
        assertThat(counter.getCount()).isZero();
    }

    @Test
    void malformedRecordsBecomeErrorRowsWithTheirReasonAndPayload() throws IOException {
        String[][] cases = {
            {"{\"id\":\"e1\",\"user_id\":", "not valid JSON: Unexpected end-of-input"},
            {"[1,2,3]", "not a JSON object"},
            {"{\"id\":\"e1\",\"flag\":1}", "missing required field 'user_id'"},
            {"{\"id\":\"e1\",\"user_id\":null,\"flag\":1}", "missing required field 'user_id'"},
            {"{\"id\":\"e1\",\"user_id\":\"abc\",\"flag\":1}", "field 'user_id': expected BIGINT, got \"abc\""},
            {"{\"id\":\"e1\",\"user_id\":1.5,\"flag\":1}", "field 'user_id': expected BIGINT, got 1.5"},
            {"{\"id\":\"e1\",\"user_id\":1,\"flag\":4294967296}", "field 'flag': expected INT, got 4294967296"},
        };
        for (String[] c : cases) {
            RowData row = read(c[0]);
            assertThat(row.getString(4).toString()).as(c[0]).startsWith(c[1]);
            assertThat(row.getString(5)).as(c[0]).hasToString(c[0]);
            assertThat(row.isNullAt(0)).as("no partial values leak from %s", c[0]).isTrue();
        }
        assertThat(counter.getCount()).isEqualTo(cases.length);
    }

    private static final RowType TYPED = (RowType) DataTypes.ROW(
            DataTypes.FIELD("buyer", DataTypes.STRING()),
            DataTypes.FIELD("amount", DataTypes.DECIMAL(12, 2)),
            DataTypes.FIELD("pay_time", DataTypes.TIMESTAMP_LTZ(3)),
            DataTypes.FIELD("extra", DataTypes.STRING()),
            DataTypes.FIELD(RtwJsonFormatFactory.ERROR_COLUMN, DataTypes.STRING()),
            DataTypes.FIELD(RtwJsonFormatFactory.PAYLOAD_COLUMN, DataTypes.STRING())).getLogicalType();

    /** Reads {@code pay_time} with {@code format} in Asia/Shanghai, {@code extra} as raw JSON. */
    private static RtwJsonDeserializer typed(String format, boolean keepPayload) throws Exception {
        RtwJsonDeserializer d = new RtwJsonDeserializer(TYPED, List.of("buyer", "amount", "pay_time"), Map.of(
                "pay_time", new RtwJsonDeserializer.FieldSpec(format, "Asia/Shanghai", false),
                "extra", new RtwJsonDeserializer.FieldSpec(null, null, true)), keepPayload, null);
        return open(d, new SimpleCounter());
    }

    private static String record(String buyer, String amount, String payTime) {
        return "{\"buyer\":" + buyer + ",\"amount\":" + amount + ",\"pay_time\":" + payTime + "}";
    }

    /** The row's fields as text (the time as its instant), or its reason. */
    private static String typedRow(RtwJsonDeserializer d, String json) throws IOException {
        RowData row = d.deserialize(json.getBytes(StandardCharsets.UTF_8));
        if (!row.isNullAt(4)) {
            return "error " + row.getString(4);
        }
        return row.getString(0) + " | " + row.getDecimal(1, 12, 2) + " | " + row.getTimestamp(2, 3).toInstant()
                + " | " + (row.isNullAt(3) ? "null" : row.getString(3).toString());
    }

    @Test
    void readsIsoTimesWithAnOffsetWithZAndWithoutOneInTheDeclaredZone() throws Exception {
        RtwJsonDeserializer d = typed("iso-8601", false);
        String[][] cases = {
            {"\"2026-11-21T10:15:30.120+08:00\"", "2026-11-21T02:15:30.120Z"},
            {"\"2026-11-21T02:15:30.120Z\"", "2026-11-21T02:15:30.120Z"},
            {"\"2026-11-21T10:15:30.120\"", "2026-11-21T02:15:30.120Z"},
            {"\"2026-11-21 10:15:30\"", "2026-11-21T02:15:30Z"},
            {"\"2026-11-21T10:15:30.123456+08:00\"", "2026-11-21T02:15:30.123Z"},
        };
        for (String[] c : cases) {
            assertThat(typedRow(d, record("\"u-1\"", "\"12.30\"", c[0]))).as(c[0])
                    .isEqualTo("u-1 | 12.30 | " + c[1] + " | null");
        }
        for (String bad : List.of("\"2026-11-21T25:61:00+08:00\"", "\"2026-02-30T10:00:00\"", "1763692530120", "\"\"")) {
            assertThat(typedRow(d, record("\"u-1\"", "1", bad))).as(bad)
                    .isEqualTo("error field 'pay_time': expected TIMESTAMP_LTZ(3) as iso-8601, got " + bad);
        }
    }

    @Test
    void readsEpochSecondsMillisAndPatternsStrictly() throws Exception {
        assertThat(typedRow(typed("epoch-seconds", false), record("\"u\"", "1", "1763692530")))
                .endsWith("| 2025-11-21T02:35:30Z | null");
        assertThat(typedRow(typed("epoch-millis", false), record("\"u\"", "1", "\"1763692530120\"")))
                .endsWith("| 2025-11-21T02:35:30.120Z | null");
        assertThat(typedRow(typed("epoch-millis", false), record("\"u\"", "1", "1.5")))
                .isEqualTo("error field 'pay_time': expected TIMESTAMP_LTZ(3) as epoch-millis, got 1.5");
        RtwJsonDeserializer pattern = typed("yyyyMMdd HHmmss", false);
        assertThat(typedRow(pattern, record("\"u\"", "1", "\"20261121 101530\"")))
                .endsWith("| 2026-11-21T02:15:30Z | null");
        assertThat(typedRow(pattern, record("\"u\"", "1", "\"20260230 101530\""))).isEqualTo(
                "error field 'pay_time': expected TIMESTAMP_LTZ(3) as 'yyyyMMdd HHmmss' in Asia/Shanghai, got "
                        + "\"20260230 101530\"");
    }

    @Test
    void decimalsAreExactFromNumbersAndStringsAndNeverRounded() throws Exception {
        RtwJsonDeserializer d = typed("iso-8601", false);
        String t = "\"2026-11-21T10:00:00Z\"";
        assertThat(typedRow(d, record("\"u\"", "\"12.30\"", t))).startsWith("u | 12.30 |");
        assertThat(typedRow(d, record("\"u\"", "0.1", t))).startsWith("u | 0.10 |");
        assertThat(typedRow(d, record("\"u\"", "9999999999.99", t))).startsWith("u | 9999999999.99 |");
        assertThat(typedRow(d, record("\"u\"", "\" 7 \"", t))).startsWith("u | 7.00 |");
        assertThat(typedRow(d, record("\"u\"", "\"12.3.4\"", t)))
                .isEqualTo("error field 'amount': expected DECIMAL(12, 2), got \"12.3.4\"");
        assertThat(typedRow(d, record("\"u\"", "12.345", t))).isEqualTo("error field 'amount': expected DECIMAL(12, 2), "
                + "got 12.345 (more than 2 decimal places; not rounded)");
        assertThat(typedRow(d, record("\"u\"", "\"12.345\"", t))).isEqualTo("error field 'amount': expected "
                + "DECIMAL(12, 2), got \"12.345\" (more than 2 decimal places; not rounded)");
        assertThat(typedRow(d, record("\"u\"", "10000000000", t))).isEqualTo("error field 'amount': expected "
                + "DECIMAL(12, 2), got 10000000000 (more than 10 digits before the point)");
    }

    @Test
    void aStringRefusesObjectsAndArraysUnlessRawAndKeepsNumbersAsWritten() throws Exception {
        RtwJsonDeserializer d = typed("iso-8601", true);
        String t = "\"2026-11-21T10:00:00Z\"";
        assertThat(typedRow(d, record("1001", "1", t))).startsWith("1001 | 1.00 |");
        assertThat(typedRow(d, record("{\"id\":1}", "1", t))).isEqualTo("error field 'buyer': expected STRING, got "
                + "{\"id\":1} (an object; declare the field with json: raw to keep JSON text)");
        assertThat(typedRow(d, record("[1,2]", "1", t))).isEqualTo("error field 'buyer': expected STRING, got [1,2] "
                + "(an array; declare the field with json: raw to keep JSON text)");
        String raw = "{\"buyer\":\"u\",\"amount\":1,\"pay_time\":" + t + ",\"extra\":{\"a\":[1,\"x\"]}}";
        assertThat(typedRow(d, raw)).endsWith("| {\"a\":[1,\"x\"]}");
        RowData good = d.deserialize(raw.getBytes(StandardCharsets.UTF_8));
        assertThat(good.getString(5)).as("the payload is kept for checks after decoding").hasToString(raw);
        assertThat(typed("iso-8601", false).deserialize(raw.getBytes(StandardCharsets.UTF_8)).isNullAt(5)).isTrue();
    }

    private static final RowType WIDE = (RowType) DataTypes.ROW(
            DataTypes.FIELD("s", DataTypes.STRING()),
            DataTypes.FIELD("l", DataTypes.BIGINT()),
            DataTypes.FIELD("i", DataTypes.INT()),
            DataTypes.FIELD("h", DataTypes.SMALLINT()),
            DataTypes.FIELD("t", DataTypes.TINYINT()),
            DataTypes.FIELD("b", DataTypes.BOOLEAN()),
            DataTypes.FIELD("d", DataTypes.DOUBLE()),
            DataTypes.FIELD("m", DataTypes.DECIMAL(10, 2)),
            DataTypes.FIELD("day", DataTypes.DATE()),
            DataTypes.FIELD("ts", DataTypes.TIMESTAMP(3)),
            DataTypes.FIELD("lts", DataTypes.TIMESTAMP_LTZ(3)),
            DataTypes.FIELD(RtwJsonFormatFactory.ERROR_COLUMN, DataTypes.STRING()),
            DataTypes.FIELD(RtwJsonFormatFactory.PAYLOAD_COLUMN, DataTypes.STRING())).getLogicalType();

    /** Values each field may get in a generated record: the type's own, the other types', edge cases, containers. */
    private static final String[] VALUES = {
        "\"x\"", "\"\"", "\"a\\\"b\\u00e9\"", "0", "-1", "42", "127", "128", "-129", "32767", "32768",
        "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808", "1.5", "3.0",
        "1e3", "-0.0", "12345678.125", "\"17\"", "\" 17 \"", "\"1.25\"", "\"abc\"", "true", "false", "null",
        "\"2026-11-22\"", "\"2026-02-30\"", "\"2026-11-22 08:15:30.123\"", "\"2026-11-22T08:15:30\"",
        "\"2026-11-22T00:15:30.123Z\"", "1763770530123", "[1,2]", "{\"k\":[true,null]}", "{}", "\"AAEC\"",
    };

    /** Values each field takes. */
    private static final Map<String, String[]> GOOD = Map.ofEntries(
            Map.entry("s", new String[] {"\"x\"", "\"\"", "\"a\\\"b\\u00e9\"", "42", "1.5", "true"}),
            Map.entry("l", new String[] {"0", "-1", "42", "9223372036854775807", "-9223372036854775808", "\"17\"", "3.0"}),
            Map.entry("i", new String[] {"0", "2147483647", "-2147483648", "\" 17 \""}),
            Map.entry("h", new String[] {"32767", "-32768", "7"}),
            Map.entry("t", new String[] {"127", "-128", "7"}),
            Map.entry("b", new String[] {"true", "false"}),
            Map.entry("d", new String[] {"1.5", "1e3", "42", "\"1.25\"", "-0.0"}),
            Map.entry("m", new String[] {"12345678.12", "1.5", "\"0.01\"", "7"}),
            Map.entry("day", new String[] {"\"2026-11-22\""}),
            Map.entry("ts", new String[] {"\"2026-11-22 08:15:30.123\"", "\"2026-11-22T08:15:30\""}),
            Map.entry("lts", new String[] {"\"2026-11-22T00:15:30.123Z\"", "1763770530123", "-1", "0"}));

    /**
     * The fast paths against decoding a tree of the whole record (as this deserializer did before them) over records
     * generated with every field getting every kind of value, in any order, repeated, absent, unknown fields around
     * them, and cut short: the same row, error and payload for each, and the same dead-letter count.
     */
    @Test
    void decodesEveryRecordAsATreeOfTheWholeRecordWould() throws Exception {
        List<String> required = List.of("s", "l", "lts");
        SimpleCounter count = new SimpleCounter();
        RtwJsonDeserializer fast = open(WIDE, required, count);
        Random random = new Random(20261123L);
        List<String> fields = WIDE.getFieldNames().subList(0, WIDE.getFieldCount() - 2);
        long errors = 0;
        for (int n = 0; n < 20_000; n++) {
            List<String> names = new ArrayList<>();
            for (String f : fields) {
                if (random.nextInt(10) < (required.contains(f) ? 9 : 6)) {
                    names.add(f);
                }
            }
            for (int f = random.nextInt(4); f > 0; f--) {
                names.add(random.nextBoolean() ? "other" + random.nextInt(3) : fields.get(random.nextInt(fields.size())));
            }
            Collections.shuffle(names, random);
            StringBuilder json = new StringBuilder("{");
            for (String name : names) {
                String[] good = GOOD.get(name);
                String value = good != null && random.nextInt(10) < 8 ? good[random.nextInt(good.length)]
                        : VALUES[random.nextInt(VALUES.length)];
                if (name.equals("s") && (value.equals("1e3") || value.equals("-0.0"))) {
                    value = "\"x\""; // a STRING keeps a number as written, which a tree no longer knows
                }
                json.append(json.length() == 1 ? "" : ",").append('"').append(name).append("\":").append(value);
            }
            json.append('}');
            String doc = switch (random.nextInt(20)) {
                case 0 -> json.substring(0, random.nextInt(json.length()));
                case 1 -> "[" + json + "]";
                case 2 -> json + " trailing";
                default -> json.toString();
            };
            byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
            String expected = treeDecode(WIDE, required, bytes);
            assertThat(show(fast.deserialize(bytes))).as(doc).isEqualTo(expected);
            errors += expected.startsWith("error") ? 1 : 0;
        }
        assertThat(count.getCount()).isEqualTo(errors);
        assertThat(errors).isBetween(2_000L, 18_000L);
    }

    /** A decoded row in a form to compare: each field's value, or the error and payload of an error row. */
    private static String show(RowData row) {
        int e = WIDE.getFieldCount() - 2;
        if (!row.isNullAt(e)) {
            return "error " + row.getString(e) + " | " + row.getString(e + 1);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < e; i++) {
            out.add(String.valueOf(((GenericRowData) row).getField(i)));
        }
        return String.join(" | ", out);
    }

    /** The oracle: the whole record read into a Jackson tree, then each field in declaration order. */
    private static String treeDecode(RowType type, List<String> required, byte[] message) {
        int e = type.getFieldCount() - 2;
        JsonNode root;
        try {
            root = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true)).readTree(message);
        } catch (IOException ex) {
            return "error not valid JSON: " + ((JsonProcessingException) ex).getOriginalMessage() + " | "
                    + new String(message, StandardCharsets.UTF_8);
        }
        String payload = " | " + new String(message, StandardCharsets.UTF_8);
        if (root == null || !root.isObject()) {
            return "error not a JSON object" + payload;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < e; i++) {
            String name = type.getFieldNames().get(i);
            JsonNode node = root.get(name);
            if (node == null || node.isNull()) {
                if (required.contains(name)) {
                    return "error missing required field '" + name + "'" + payload;
                }
                out.add("null");
                continue;
            }
            String detail = "";
            try {
                out.add(String.valueOf(RtwJsonDeserializer.Converters.convert(node, type.getTypeAt(i))));
                continue;
            } catch (RtwJsonDeserializer.Converters.Unfit ex) {
                detail = ex.refused().detail();
            } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException ex) {
                // refused below
            }
            String v = node.toString();
            return "error field '" + name + "': expected " + type.getTypeAt(i).asSummaryString() + ", got "
                    + (v.length() > 40 ? v.substring(0, 40) + "..." : v) + detail + payload;
        }
        return String.join(" | ", out);
    }
}
