package io.rtw.connector.kafka;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonParser;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonToken;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.DeserializationFeature;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes one JSON object per record; malformed records become error rows instead of exceptions. About 400 lines:
 * one converter per Flink type, each saying exactly why a value does not fit it.
 */
final class RtwJsonDeserializer implements DeserializationSchema<RowData> {

    private static final long serialVersionUID = 1L;
    private static final int MAX_REASON = 200;

    private final String[] names;
    private final LogicalType[] types;
    /** The types as error messages name them, spelled once. */
    private final String[] typeNames;
    private final boolean[] required;
    /** Per field, how a time is read when the field declares it (null otherwise). */
    private final TimeReader[] times;
    /** Per field, whether a STRING field keeps any JSON value as its JSON text. */
    private final boolean[] raw;
    /** Whether every record's text is kept, for rows a column's check refuses after decoding. */
    private final boolean keepPayload;
    private final int errorIndex;
    private final int payloadIndex;
    private final TypeInformation<RowData> producedType;

    private transient ObjectMapper mapper;
    private transient Map<String, Integer> index;
    private transient Counter deadLetters;

    RtwJsonDeserializer(RowType rowType, List<String> requiredFields, TypeInformation<RowData> producedType) {
        this(rowType, requiredFields, Map.of(), false, producedType);
    }

    /**
     * @param decoding per field, how it is read beyond its type ({@link RtwJsonFormatFactory#DECODING})
     * @param keepPayload keep every record's text in the payload column, not only a malformed one's
     */
    RtwJsonDeserializer(RowType rowType, List<String> requiredFields, Map<String, FieldSpec> decoding,
            boolean keepPayload, TypeInformation<RowData> producedType) {
        this.names = rowType.getFieldNames().toArray(new String[0]);
        this.types = rowType.getChildren().toArray(new LogicalType[0]);
        this.times = new TimeReader[names.length];
        this.raw = new boolean[names.length];
        this.keepPayload = keepPayload;
        decoding.forEach((field, spec) -> {
            int i = rowType.getFieldIndex(field);
            if (i < 0) {
                throw new IllegalArgumentException("decoded field '" + field + "' is not a column; columns: "
                        + String.join(", ", names));
            }
            if (spec.raw()) {
                raw[i] = true;
            } else if (spec.format() != null || spec.zone() != null) {
                times[i] = new TimeReader(spec.format() == null ? "iso-8601" : spec.format(),
                        spec.zone() == null ? "UTC" : spec.zone(), types[i]);
            }
        });
        this.typeNames = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            typeNames[i] = types[i].copy(true).asSummaryString() + (times[i] == null ? "" : " as " + times[i].describe());
        }
        this.required = new boolean[names.length];
        for (String field : requiredFields) {
            int i = rowType.getFieldIndex(field);
            if (i < 0) {
                throw new IllegalArgumentException("required field '" + field + "' is not a column; columns: "
                        + String.join(", ", names));
            }
            required[i] = true;
        }
        this.errorIndex = rowType.getFieldIndex(RtwJsonFormatFactory.ERROR_COLUMN);
        this.payloadIndex = rowType.getFieldIndex(RtwJsonFormatFactory.PAYLOAD_COLUMN);
        for (int i = 0; i < types.length; i++) {
            if (i != errorIndex && i != payloadIndex) {
                Converters.check(names[i], types[i]);
            }
        }
        this.producedType = producedType;
    }

    /** How one field is read beyond its type: a time's format and zone, or a STRING's raw JSON; nulls when not given. */
    record FieldSpec(String format, String zone, boolean raw) implements java.io.Serializable {}

    @Override
    public void open(InitializationContext context) {
        // Decimals are read from the text of a JSON number, never through a double, and keep their trailing zeros.
        mapper = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
        index = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            if (i != errorIndex && i != payloadIndex) {
                index.put(names[i], i);
            }
        }
        deadLetters = context.getMetricGroup().addGroup("rtw").counter("deadLetterRecords");
    }

    /**
     * Reads the object's fields as the parser meets them, without building a tree of the whole record: the common
     * scalars (strings, integers, booleans, epoch or ISO timestamps) are taken from the parser's token, anything else
     * is read as a node and converted by {@link Converters}, as are values a fast path refuses, so every value and
     * every error reads as it would from a tree. Problems are reported for the first field in declaration order, the
     * last occurrence of a repeated field counts, and a document that is not valid JSON anywhere is refused whole.
     */
    @Override
    public RowData deserialize(byte[] message) throws IOException {
        GenericRowData row = new GenericRowData(names.length);
        if (message == null) {
            return error(row, null, "empty record (null value)");
        }
        Object[] values = new Object[names.length];
        try (JsonParser p = mapper.createParser(message)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                p.skipChildren(); // a malformed array is invalid JSON, not merely not an object
                return error(row, message, "not a JSON object");
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                Integer i = index.get(p.currentName());
                JsonToken value = p.nextToken();
                if (i == null) {
                    p.skipChildren();
                } else {
                    values[i] = value == JsonToken.VALUE_NULL ? null : read(p, value, i);
                }
            }
        } catch (JsonProcessingException e) {
            return error(row, message, "not valid JSON: " + e.getOriginalMessage());
        }
        for (int i = 0; i < names.length; i++) {
            if (values[i] == null) {
                if (required[i]) {
                    return error(new GenericRowData(names.length), message, "missing required field '" + names[i] + "'");
                }
            } else if (values[i] instanceof Refused r) {
                return error(new GenericRowData(names.length), message, "field '" + names[i] + "': expected "
                        + typeNames[i] + ", got " + (r.value().length() > 40
                        ? r.value().substring(0, 40) + "..." : r.value()) + r.detail());
            } else {
                row.setField(i, values[i]);
            }
        }
        if (keepPayload && payloadIndex >= 0) {
            row.setField(payloadIndex, StringData.fromBytes(message.clone()));
        }
        return row;
    }

    /** The value at the parser's current token for field {@code i}, or {@link Refused}. */
    private Object read(JsonParser p, JsonToken token, int i) throws IOException {
        LogicalType type = types[i];
        if (raw[i]) {
            return StringData.fromString(mapper.readTree(p).toString());
        }
        if (times[i] != null) {
            JsonNode node = mapper.readTree(p);
            try {
                return times[i].read(node);
            } catch (RuntimeException e) {
                if (TimeReader.refuses(e)) {
                    return new Refused(node.toString(), "");
                }
                throw e;
            }
        }
        switch (type.getTypeRoot()) {
            case CHAR, VARCHAR -> {
                if (token == JsonToken.VALUE_STRING) {
                    return StringData.fromString(p.getText());
                }
                if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT
                        || token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
                    return StringData.fromString(p.getText()); // a number as written: an id 1001 is "1001"
                }
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    return new Refused(mapper.readTree(p).toString(), Converters.container(token == JsonToken.START_OBJECT));
                }
            }
            case DECIMAL -> {
                if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                    try {
                        return Converters.decimal(p.getDecimalValue(), (DecimalType) type, p.getText());
                    } catch (Converters.Unfit e) {
                        return e.refused();
                    }
                }
            }
            case TINYINT, SMALLINT, INTEGER, BIGINT, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> {
                if (token == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                    try {
                        return Converters.ofLong(p.getLongValue(), type);
                    } catch (IllegalArgumentException outOfRange) {
                        // Read below as a node, which refuses it with the value as written.
                    }
                }
            }
            case BOOLEAN -> {
                if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
                    return token == JsonToken.VALUE_TRUE;
                }
            }
            default -> { }
        }
        JsonNode node = mapper.readTree(p);
        try {
            return Converters.convert(node, type);
        } catch (Converters.Unfit e) {
            return e.refused();
        } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
            return new Refused(node.toString(), "");
        }
    }

    /** A value the field's type does not take, as the record wrote it, and why when the type alone does not say. */
    record Refused(String value, String detail) {}

    private RowData error(GenericRowData row, byte[] message, String reason) {
        if (errorIndex < 0) {
            throw new IllegalStateException("malformed record and no " + RtwJsonFormatFactory.ERROR_COLUMN
                    + " column to route it: " + reason);
        }
        deadLetters.inc();
        row.setField(errorIndex, StringData.fromString(
                reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "..." : reason));
        if (payloadIndex >= 0 && message != null) {
            row.setField(payloadIndex, StringData.fromString(new String(message, StandardCharsets.UTF_8)));
        }
        return row;
    }

    @Override
    public boolean isEndOfStream(RowData nextElement) {
        return false;
    }

    @Override
    public TypeInformation<RowData> getProducedType() {
        return producedType;
    }

    /** Strict JSON-to-Flink value conversions. */
    static final class Converters {

        private Converters() {}

        static void check(String name, LogicalType type) {
            switch (type.getTypeRoot()) {
                case CHAR, VARCHAR, BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, FLOAT, DOUBLE, DECIMAL, DATE,
                        TIMESTAMP_WITHOUT_TIME_ZONE, TIMESTAMP_WITH_LOCAL_TIME_ZONE, BINARY, VARBINARY -> { }
                default -> throw new IllegalArgumentException("rtw-json cannot decode field '" + name + "' of type "
                        + type.asSummaryString());
            }
        }

        static Object convert(JsonNode node, LogicalType type) {
            switch (type.getTypeRoot()) {
                case CHAR:
                case VARCHAR:
                    if (!node.isValueNode()) {
                        throw new Unfit(new Refused(node.toString(), container(node.isObject())));
                    }
                    return StringData.fromString(node.asText());
                case BOOLEAN:
                    if (!node.isBoolean()) {
                        throw new IllegalArgumentException();
                    }
                    return node.booleanValue();
                case TINYINT:
                case SMALLINT:
                case INTEGER:
                case BIGINT:
                    return ofLong(number(node).longValueExact(), type);
                case FLOAT:
                    return (float) number(node).doubleValue();
                case DOUBLE:
                    return number(node).doubleValue();
                case DECIMAL:
                    return decimal(number(node), (DecimalType) type, node.toString());
                case DATE:
                    return (int) LocalDate.parse(text(node)).toEpochDay();
                case TIMESTAMP_WITHOUT_TIME_ZONE:
                    return TimestampData.fromLocalDateTime(LocalDateTime.parse(text(node).replace(' ', 'T')));
                case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                    return node.isNumber() ? ofLong(number(node).longValueExact(), type)
                            : TimestampData.fromInstant(Instant.parse(text(node)));
                default:
                    try {
                        return Base64.getDecoder().decode(text(node));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("not base64", e);
                    }
            }
        }

        /** A value the field's type would hold only by rounding or overflowing: refused with the reason. */
        static final class Unfit extends IllegalArgumentException {
            private static final long serialVersionUID = 1L;
            private final transient Refused refused;

            Unfit(Refused refused) {
                this.refused = refused;
            }

            Refused refused() {
                return refused;
            }
        }

        /** Why a STRING field refuses a JSON object or array, and what keeps one. */
        static String container(boolean object) {
            return " (" + (object ? "an object" : "an array") + "; declare the field with json: raw to keep JSON text)";
        }

        /** A decimal exactly as written, or {@link Unfit} when it has more decimal places or digits than the type. */
        static DecimalData decimal(BigDecimal v, DecimalType d, String written) {
            BigDecimal exact = v.stripTrailingZeros();
            if (exact.scale() > d.getScale()) {
                throw new Unfit(new Refused(written, " (more than " + d.getScale() + " decimal places; not rounded)"));
            }
            DecimalData value = DecimalData.fromBigDecimal(exact.setScale(d.getScale()), d.getPrecision(), d.getScale());
            if (value == null) {
                throw new Unfit(new Refused(written, " (more than " + (d.getPrecision() - d.getScale())
                        + " digits before the point)"));
            }
            return value;
        }

        /**
         * An integral value as the field's type holds it (an integer type narrowed, a TIMESTAMP_LTZ from epoch
         * milliseconds); IllegalArgumentException when it does not fit.
         */
        static Object ofLong(long v, LogicalType type) {
            switch (type.getTypeRoot()) {
                case TINYINT:
                    return (byte) within(v, Byte.MIN_VALUE, Byte.MAX_VALUE);
                case SMALLINT:
                    return (short) within(v, Short.MIN_VALUE, Short.MAX_VALUE);
                case INTEGER:
                    return (int) within(v, Integer.MIN_VALUE, Integer.MAX_VALUE);
                case BIGINT:
                    return v;
                case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                    return TimestampData.fromEpochMillis(v);
                default:
                    throw new IllegalArgumentException("not an integral type: " + type);
            }
        }

        private static long within(long v, long min, long max) {
            if (v < min || v > max) {
                throw new IllegalArgumentException("out of range");
            }
            return v;
        }

        private static BigDecimal number(JsonNode node) {
            if (node.isNumber()) {
                return node.decimalValue();
            }
            if (node.isTextual()) {
                return new BigDecimal(node.asText().trim());
            }
            throw new IllegalArgumentException("not a number");
        }

        private static String text(JsonNode node) {
            if (!node.isTextual()) {
                throw new IllegalArgumentException("not a string");
            }
            return node.asText();
        }
    }
}
