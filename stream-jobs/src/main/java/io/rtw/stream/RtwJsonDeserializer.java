package io.rtw.stream;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonProcessingException;
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
import java.util.Base64;
import java.util.List;

/** Decodes one JSON object per record; malformed records become error rows instead of exceptions. */
final class RtwJsonDeserializer implements DeserializationSchema<RowData> {

    private static final long serialVersionUID = 1L;
    private static final int MAX_REASON = 200;

    private final String[] names;
    private final LogicalType[] types;
    private final boolean[] required;
    private final int errorIndex;
    private final int payloadIndex;
    private final TypeInformation<RowData> producedType;

    private transient ObjectMapper mapper;
    private transient Counter deadLetters;

    RtwJsonDeserializer(RowType rowType, List<String> requiredFields, TypeInformation<RowData> producedType) {
        this.names = rowType.getFieldNames().toArray(new String[0]);
        this.types = rowType.getChildren().toArray(new LogicalType[0]);
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
        deadLetters = context.getMetricGroup().addGroup("rtw").counter("deadLetterRecords");
    }

    @Override
    public RowData deserialize(byte[] message) throws IOException {
        GenericRowData row = new GenericRowData(names.length);
        if (message == null) {
            return error(row, null, "empty record (null value)");
        }
        JsonNode root;
        try {
            root = mapper.readTree(message);
        } catch (JsonProcessingException e) {
            return error(row, message, "not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            return error(row, message, "not a JSON object");
        }
        for (int i = 0; i < names.length; i++) {
            if (i == errorIndex || i == payloadIndex) {
                continue;
            }
            JsonNode node = root.get(names[i]);
            if (node == null || node.isNull()) {
                if (required[i]) {
                    return error(new GenericRowData(names.length), message, "missing required field '" + names[i] + "'");
                }
                continue;
            }
            try {
                row.setField(i, Converters.convert(node, types[i]));
            } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
                String value = node.toString();
                return error(new GenericRowData(names.length), message, "field '" + names[i] + "': expected "
                        + types[i].asSummaryString() + ", got " + (value.length() > 40 ? value.substring(0, 40) + "..."
                        : value));
            }
        }
        return row;
    }

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
                    return (byte) integral(node, Byte.MIN_VALUE, Byte.MAX_VALUE);
                case SMALLINT:
                    return (short) integral(node, Short.MIN_VALUE, Short.MAX_VALUE);
                case INTEGER:
                    return (int) integral(node, Integer.MIN_VALUE, Integer.MAX_VALUE);
                case BIGINT:
                    return integral(node, Long.MIN_VALUE, Long.MAX_VALUE);
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
                    return node.isNumber() ? TimestampData.fromEpochMillis(integral(node, Long.MIN_VALUE, Long.MAX_VALUE))
                            : TimestampData.fromInstant(Instant.parse(text(node)));
                default:
                    try {
                        return Base64.getDecoder().decode(text(node));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("not base64", e);
                    }
            }
        }

        private static long integral(JsonNode node, long min, long max) {
            BigDecimal v = number(node);
            long l = v.longValueExact();
            if (l < min || l > max) {
                throw new IllegalArgumentException("out of range");
            }
            return l;
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
