package io.rtw.kv.hbase;

import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.EnumSet;
import java.util.Set;

/**
 * The stored form of column values: UTF-8 text that people, {@code hbase shell}, {@code rtw kv get} and
 * services in any language can read without knowing Java's binary layouts, and raw bytes for BINARY and
 * VARBINARY (sketches). Text forms: numbers in decimal ({@code 42}, {@code 0.5}, DECIMAL as plain text),
 * booleans {@code true}/{@code false}, DATE {@code 2024-01-31}, TIME {@code 13:45:00}, TIMESTAMP
 * {@code 2024-01-31 13:45:00.123} (as many fraction digits as needed), TIMESTAMP_LTZ ISO-8601 in UTC
 * ({@code 2024-01-31T05:45:00.123Z}).
 */
final class TextCodec {

    /** Types a key column may have. */
    static final Set<LogicalTypeRoot> KEY_TYPES = EnumSet.of(LogicalTypeRoot.CHAR, LogicalTypeRoot.VARCHAR,
            LogicalTypeRoot.BOOLEAN, LogicalTypeRoot.TINYINT, LogicalTypeRoot.SMALLINT, LogicalTypeRoot.INTEGER,
            LogicalTypeRoot.BIGINT, LogicalTypeRoot.DATE);

    /** Types a value column may have. */
    static final Set<LogicalTypeRoot> VALUE_TYPES = EnumSet.of(LogicalTypeRoot.CHAR, LogicalTypeRoot.VARCHAR,
            LogicalTypeRoot.BOOLEAN, LogicalTypeRoot.TINYINT, LogicalTypeRoot.SMALLINT, LogicalTypeRoot.INTEGER,
            LogicalTypeRoot.BIGINT, LogicalTypeRoot.FLOAT, LogicalTypeRoot.DOUBLE, LogicalTypeRoot.DECIMAL,
            LogicalTypeRoot.DATE, LogicalTypeRoot.TIME_WITHOUT_TIME_ZONE, LogicalTypeRoot.TIMESTAMP_WITHOUT_TIME_ZONE,
            LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE, LogicalTypeRoot.BINARY, LogicalTypeRoot.VARBINARY);

    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .toFormatter();
    private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder()
            .appendPattern("HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .toFormatter();

    private TextCodec() {}

    /** The text of a non-null internal value of a key type (and of every value type but binary ones). */
    static String text(LogicalType type, Object value) {
        switch (type.getTypeRoot()) {
            case CHAR:
            case VARCHAR:
                return value.toString();
            case BOOLEAN:
            case TINYINT:
            case SMALLINT:
            case INTEGER:
            case BIGINT:
            case FLOAT:
            case DOUBLE:
                return value.toString();
            case DECIMAL:
                return ((DecimalData) value).toBigDecimal().toPlainString();
            case DATE:
                return LocalDate.ofEpochDay((Integer) value).toString();
            case TIME_WITHOUT_TIME_ZONE:
                return TIME.format(LocalTime.ofNanoOfDay((Integer) value * 1_000_000L));
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                return TIMESTAMP.format(((TimestampData) value).toLocalDateTime());
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return ((TimestampData) value).toInstant().toString();
            default:
                throw new IllegalArgumentException("no text form for " + type);
        }
    }

    /** The stored bytes of a non-null internal value. */
    static byte[] encode(LogicalType type, Object value) {
        LogicalTypeRoot root = type.getTypeRoot();
        if (root == LogicalTypeRoot.BINARY || root == LogicalTypeRoot.VARBINARY) {
            return (byte[]) value;
        }
        return text(type, value).getBytes(StandardCharsets.UTF_8);
    }

    /** The internal value of stored bytes. */
    static Object decode(LogicalType type, byte[] bytes) {
        LogicalTypeRoot root = type.getTypeRoot();
        if (root == LogicalTypeRoot.BINARY || root == LogicalTypeRoot.VARBINARY) {
            return bytes;
        }
        String s = new String(bytes, StandardCharsets.UTF_8);
        try {
            switch (root) {
                case CHAR:
                case VARCHAR:
                    return StringData.fromString(s);
                case BOOLEAN:
                    return Boolean.parseBoolean(s);
                case TINYINT:
                    return Byte.parseByte(s);
                case SMALLINT:
                    return Short.parseShort(s);
                case INTEGER:
                    return Integer.parseInt(s);
                case BIGINT:
                    return Long.parseLong(s);
                case FLOAT:
                    return Float.parseFloat(s);
                case DOUBLE:
                    return Double.parseDouble(s);
                case DECIMAL: {
                    DecimalType d = (DecimalType) type;
                    return DecimalData.fromBigDecimal(new BigDecimal(s), d.getPrecision(), d.getScale());
                }
                case DATE:
                    return (int) LocalDate.parse(s).toEpochDay();
                case TIME_WITHOUT_TIME_ZONE:
                    return (int) (LocalTime.parse(s, TIME).toNanoOfDay() / 1_000_000L);
                case TIMESTAMP_WITHOUT_TIME_ZONE:
                    return TimestampData.fromLocalDateTime(LocalDateTime.parse(s, TIMESTAMP));
                case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                    return TimestampData.fromInstant(Instant.parse(s));
                default:
                    throw new IllegalArgumentException("no text form for " + type);
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot read '" + s + "' as " + type.asSummaryString(), e);
        }
    }
}
