package io.rtw.kv.hbase;

import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.DateType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.FloatType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.SmallIntType;
import org.apache.flink.table.types.logical.TimeType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.TinyIntType;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.flink.table.types.logical.VarCharType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Stored value forms: readable text that reads back to the same value, raw bytes for binary. */
class TextCodecTest {

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of(VarCharType.STRING_TYPE, StringData.fromString("Grüße | x"), "Grüße | x"),
                Arguments.of(new BooleanType(), true, "true"),
                Arguments.of(new TinyIntType(), (byte) -7, "-7"),
                Arguments.of(new SmallIntType(), (short) 300, "300"),
                Arguments.of(new IntType(), 123456, "123456"),
                Arguments.of(new BigIntType(), 9_007_199_254_740_993L, "9007199254740993"),
                Arguments.of(new FloatType(), 0.1f, "0.1"),
                Arguments.of(new DoubleType(), 0.30000000000000004, "0.30000000000000004"),
                Arguments.of(new DecimalType(20, 4), DecimalData.fromBigDecimal(new BigDecimal("12345.6700"), 20, 4),
                        "12345.6700"),
                Arguments.of(new DateType(), (int) LocalDate.of(2024, 1, 31).toEpochDay(), "2024-01-31"),
                Arguments.of(new TimeType(3), 13 * 3_600_000 + 45 * 60_000 + 1_500, "13:45:01.5"),
                Arguments.of(new TimestampType(3),
                        TimestampData.fromLocalDateTime(LocalDateTime.of(2024, 1, 31, 13, 45, 0, 123_000_000)),
                        "2024-01-31 13:45:00.123"),
                Arguments.of(new TimestampType(3), TimestampData.fromLocalDateTime(LocalDateTime.of(2024, 1, 31, 0, 0)),
                        "2024-01-31 00:00:00"),
                Arguments.of(new LocalZonedTimestampType(3),
                        TimestampData.fromInstant(Instant.parse("2024-01-31T05:45:00.123Z")), "2024-01-31T05:45:00.123Z"));
    }

    @ParameterizedTest
    @MethodSource("values")
    void storesReadableTextThatReadsBackToTheSameValue(LogicalType type, Object value, String text) {
        byte[] stored = TextCodec.encode(type, value);
        assertThat(new String(stored, StandardCharsets.UTF_8)).isEqualTo(text);
        assertThat(TextCodec.decode(type, stored)).isEqualTo(value);
    }

    @org.junit.jupiter.api.Test
    void binaryIsStoredAsIs() {
        byte[] sketch = {0, 1, 2, (byte) 0xff};
        assertThat(TextCodec.encode(new VarBinaryType(10), sketch)).isSameAs(sketch);
        assertThat((byte[]) TextCodec.decode(new VarBinaryType(10), sketch)).containsExactly(sketch);
    }

    @org.junit.jupiter.api.Test
    void unreadableTextNamesTheValueAndType() {
        assertThatThrownBy(() -> TextCodec.decode(new BigIntType(), "12x".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("cannot read '12x' as BIGINT");
    }
}
