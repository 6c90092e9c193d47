package io.rtw.connector.kafka;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;

import java.io.Serializable;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.regex.Pattern;

/**
 * Reads a TIMESTAMP, TIMESTAMP_LTZ or DATE field from JSON as declared: {@code iso-8601} (with an offset, {@code Z}, or
 * none: then in the declared zone), {@code epoch-seconds}, {@code epoch-millis} (JSON integers or strings of digits),
 * or a date-time pattern, strictly (a 30th of February or an hour 25 is refused, never adjusted).
 */
final class TimeReader implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Pattern DIGITS = Pattern.compile("-?[0-9]{1,19}");

    private final String format;
    private final String zoneId;
    private final LogicalTypeRoot root;
    private final int precision;

    private transient DateTimeFormatter formatter;
    private transient ZoneId zone;

    TimeReader(String format, String zoneId, LogicalType type) {
        this.format = format;
        this.zoneId = zoneId;
        this.root = type.getTypeRoot();
        this.precision = root == LogicalTypeRoot.DATE ? 0 : LogicalTypeChecks.getPrecision(type);
        formatter(); // refuses a pattern or zone Java cannot read when the job is built, not per record
    }

    /** What the field expects, for reasons: {@code iso-8601}, {@code 'yyyyMMdd' in Asia/Shanghai}. */
    String describe() {
        return isPattern() ? "'" + format + "' in " + zoneId : format;
    }

    /** The value as the field's type holds it; DateTimeException or IllegalArgumentException when it is not one. */
    Object read(JsonNode node) {
        if (format.startsWith("epoch-")) {
            long v;
            if (node.isIntegralNumber() && node.canConvertToLong()) {
                v = node.longValue();
            } else if (node.isTextual() && DIGITS.matcher(node.asText()).matches()) {
                v = Long.parseLong(node.asText());
            } else {
                throw new IllegalArgumentException("not a whole number");
            }
            return of(format.equals("epoch-seconds") ? Instant.ofEpochSecond(v) : Instant.ofEpochMilli(v));
        }
        if (!node.isTextual()) {
            throw new IllegalArgumentException("not a string");
        }
        String text = node.asText();
        if (!isPattern() && text.length() > 10 && text.charAt(10) == ' ') {
            text = text.substring(0, 10) + 'T' + text.substring(11);
        }
        TemporalAccessor t = formatter().parse(text);
        if (t.query(TemporalQueries.offset()) != null || t.query(TemporalQueries.zoneId()) != null) {
            return of(Instant.from(t));
        }
        LocalDate date = LocalDate.from(t);
        LocalTime time = t.query(TemporalQueries.localTime());
        LocalDateTime local = date.atTime(time == null ? LocalTime.MIDNIGHT : time);
        return switch (root) {
            case DATE -> (int) date.toEpochDay();
            case TIMESTAMP_WITHOUT_TIME_ZONE -> TimestampData.fromLocalDateTime(truncate(local));
            default -> of(local.atZone(zone()).toInstant());
        };
    }

    /** An instant as the field's type holds it: a TIMESTAMP and a DATE are the wall clock of the declared zone. */
    private Object of(Instant instant) {
        return switch (root) {
            case DATE -> (int) LocalDate.ofInstant(instant, zone()).toEpochDay();
            case TIMESTAMP_WITHOUT_TIME_ZONE ->
                    TimestampData.fromLocalDateTime(truncate(LocalDateTime.ofInstant(instant, zone())));
            default -> TimestampData.fromInstant(instant.minusNanos(instant.getNano() % unit()));
        };
    }

    private LocalDateTime truncate(LocalDateTime t) {
        return t.minusNanos(t.getNano() % unit());
    }

    /** Nanoseconds below the type's precision, which are dropped as Flink does when it casts. */
    private long unit() {
        long u = 1;
        for (int i = precision; i < 9; i++) {
            u *= 10;
        }
        return u;
    }

    private boolean isPattern() {
        return !format.equals("iso-8601") && !format.startsWith("epoch-");
    }

    private ZoneId zone() {
        if (zone == null) {
            zone = ZoneId.of(zoneId);
        }
        return zone;
    }

    private DateTimeFormatter formatter() {
        if (formatter == null) {
            zone();
            if (format.startsWith("epoch-")) {
                return null;
            }
            formatter = isPattern()
                    // 'yyyy' is the year of an era: default the era so a strict parse resolves it.
                    ? new DateTimeFormatterBuilder().appendPattern(format).parseDefaulting(ChronoField.ERA, 1)
                            .toFormatter().withResolverStyle(ResolverStyle.STRICT)
                    : root == LogicalTypeRoot.DATE ? DateTimeFormatter.ISO_DATE : DateTimeFormatter.ISO_DATE_TIME;
        }
        return formatter;
    }

    /** Whether the exception is one a value that is not such a time gives. */
    static boolean refuses(RuntimeException e) {
        return e instanceof DateTimeException || e instanceof IllegalArgumentException;
    }
}
