package io.rtw.stream;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonParser;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonToken;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Decodes one JSON object per record; malformed records become error rows instead of exceptions. */
final class RtwJsonDeserializer implements DeserializationSchema<RowData> {

    private static final long serialVersionUID = 1L;
    private static final int MAX_REASON = 200;

    private final String[] names;
    private final LogicalType[] types;
    /** The types as error messages name them, spelled once. */
    private final String[] typeNames;
    private final boolean[] required;
    private final int errorIndex;
    private final int payloadIndex;
    private final TypeInformation<RowData> producedType;

    private transient ObjectMapper mapper;
    private transient Map<String, Integer> index;
    private transient Counter deadLetters;

    RtwJsonDeserializer(RowType rowType, List<String> requiredFields, TypeInformation<RowData> producedType) {
        this.names = rowType.getFieldNames().toArray(new String[0]);
        this.types = rowType.getChildren().toArray(new LogicalType[0]);
        this.typeNames = Arrays.stream(types).map(LogicalType::asSummaryString).toArray(String[]::new);
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

    @Override
    public void open(InitializationContext context) {
        mapper = new ObjectMapper();
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
                        ? r.value().substring(0, 40) + "..." : r.value()));
            } else {
                row.setField(i, values[i]);
            }
        }
        return row;
    }

    /** The value at the parser's current token for field {@code i}, or {@link Refused}. */
    private Object read(JsonParser p, JsonToken token, int i) throws IOException {
        LogicalType type = types[i];
        switch (type.getTypeRoot()) {
            case CHAR, VARCHAR -> {
                if (token == JsonToken.VALUE_STRING) {
                    return StringData.fromString(p.getText());
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
        } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
            return new Refused(node.toString());
        }
    }

    /** A value the field's type does not take, as the record wrote it. */
    private record Refused(String value) {}

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
                    return StringData.fromString(node.isValueNode() ? node.asText() : node.toString());
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
                    DecimalType d = (DecimalType) type;
                    DecimalData value = DecimalData.fromBigDecimal(number(node), d.getPrecision(), d.getScale());
                    if (value == null) {
                        throw new IllegalArgumentException();
                    }
                    return value;
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
