package io.rtw.stream.bench;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmarks' generated day, checked by parsing every line it produces. */
class BenchDayTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Test
    void aDayHasItsEventsInTheDayItsMalformedAndLateLinesAndStringIds() throws Exception {
        LocalDate day = LocalDate.of(2026, 11, 21);
        long start = day.atStartOfDay(SHANGHAI).toInstant().toEpochMilli();
        BenchDay.Shape shape = new BenchDay.Shape(30_000, 5_000, 50, 1.1, true, 7);
        BenchDay.Counts counts = new BenchDay.Counts();
        long lines = 0;
        long valid = 0;
        long malformed = 0;
        long late = 0;
        long lastOnTime = start;
        Set<String> users = new HashSet<>();
        Map<String, Long> perKey = new HashMap<>();
        for (String line : new BenchDay(shape).day(day, SHANGHAI, counts)) {
            lines++;
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (Exception e) {
                malformed++;
                continue;
            }
            if (n == null || !n.has("user_id") || !n.has("ts")) {
                malformed++;
                continue;
            }
            long ts = n.get("ts").asLong();
            assertThat(ts).isBetween(start, start + 86_400_000L - 1);
            assertThat(n.get("user_id").isTextual()).isTrue();
            assertThat(n.get("user_id").asText()).matches("u_[1-9][0-9]*");
            if (n.get("event_id").asText().contains("-late-")) {
                late++;
                assertThat(ts).isLessThan(lastOnTime - 3_000);
                continue;
            }
            valid++;
            assertThat(ts).isGreaterThan(lastOnTime - 3_000);
            lastOnTime = Math.max(lastOnTime, ts);
            users.add(n.get("user_id").asText());
            perKey.merge(n.get("channel").asText(), 1L, Long::sum);
        }
        assertThat(valid).isEqualTo(30_000);
        assertThat(malformed).isEqualTo(30_000 / 2500);
        assertThat(late).isEqualTo(counts.late).isPositive();
        assertThat(lines).isEqualTo(counts.messages).isEqualTo(valid + malformed + late);
        assertThat(users).hasSize(counts.users.cardinality());
        assertThat(perKey).hasSize(50);
        // Zipf s = 1.1 over 50 keys: the top key's share is 1 / H(50, 1.1), computed here independently.
        double h = 0;
        for (int r = 1; r <= 50; r++) {
            h += Math.pow(r, -1.1);
        }
        assertThat(perKey.get("ch0001") / 30_000.0).isCloseTo(1 / h, org.assertj.core.data.Offset.offset(0.02));
    }

    @Test
    void bigintIdsAreNumbersAndUniformKeysAreEven() throws Exception {
        BenchDay.Shape shape = new BenchDay.Shape(20_000, 1_000, 4, 0, false, 3);
        Map<String, Long> perKey = new HashMap<>();
        for (String line : new BenchDay(shape).day(LocalDate.of(2026, 11, 21), SHANGHAI, new BenchDay.Counts())) {
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (Exception e) {
                continue;
            }
            if (n != null && n.has("user_id") && !n.get("event_id").asText().contains("-late-")) {
                assertThat(n.get("user_id").isIntegralNumber()).isTrue();
                assertThat(n.get("user_id").asLong()).isBetween(1L, 1_000L);
                perKey.merge(n.get("channel").asText(), 1L, Long::sum);
            }
        }
        assertThat(perKey.keySet()).containsExactlyInAnyOrder("ch0001", "ch0002", "ch0003", "ch0004");
        perKey.values().forEach(c -> assertThat(c).isBetween(4_500L, 5_500L));
    }
}
