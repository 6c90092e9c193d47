package io.rtw.batch;

import io.rtw.kv.hbase.HBaseTables;
import io.rtw.local.junit.HBaseExtension;
import io.rtw.local.junit.KafkaExtension;
import io.rtw.meta.Mode;
import io.rtw.connector.kafka.KafkaLines;

import org.apache.datasketches.hll.HllSketch;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example job at production's number of keys: three days of 1,000 channels with a skewed (Zipf) share of the
 * events, so most keys have events in few minutes and some appear on a day, vanish the next and come back. Each day
 * runs in stream mode (Kafka replay) and then in batch mode (over the archive); every per-minute row of the day and of
 * the activity, in both modes, equals plain Java over the generated events, and the activity's users in Paimon equal
 * the union of the days so far for every key, also for a key absent the day before (read as of its latest day).
 */
class ThousandKeysITCase {

    @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
    @RegisterExtension static final HBaseExtension HBASE = new HBaseExtension();

    private static final LocalDate D1 = LocalDate.of(2026, 10, 1);
    private static final int KEYS = 1_000;
    private static final int EVENTS_PER_DAY = 20_000;
    private static final String DAY_ROWS = "SELECT dt, channel, minute_end, pv, uv, uv_hll FROM paimon.ads.app_uv_minute"
            + " WHERE dt = '%s'";
    private static final String ACTIVITY_ROWS = "SELECT dt, channel, minute_end, uv, uv_hll FROM "
            + "paimon.ads.app_uv_activity_minute WHERE dt = '%s'";

    @TempDir static Path home;
    static TestWarehouse w;
    static final Map<LocalDate, List<Event>> days = new TreeMap<>();
    static final Map<LocalDate, Map<String, List<String>>> streamRows = new HashMap<>();

    /** One generated event. */
    record Event(String id, long user, String channel, long ts) {
        String json() {
            return "{\"event_id\":\"" + id + "\",\"user_id\":" + user + ",\"event_type\":\"view\",\"channel\":\""
                    + channel + "\",\"ts\":" + ts + ",\"new_user\":0}";
        }
    }

    @BeforeAll
    static void threeDaysInBothModes() throws Exception {
        KafkaLines kafka = new KafkaLines(KAFKA.bootstrapServers());
        kafka.recreateTopic("app_events", 2);
        HBaseTables.ensure(HBASE.zookeeperAddress(), "rtw_uv_serving", "f");
        w = new TestWarehouse(home, Map.of("kafka.bootstrap", KAFKA.bootstrapServers(), "hbase.zookeeper",
                HBASE.zookeeperAddress(), "kafka.group", "thousand-keys-it", "activity.start", D1.toString()));
        for (int d = 0; d < 3; d++) {
            LocalDate day = D1.plusDays(d);
            List<Event> events = generate(day, 100L + d);
            days.put(day, events);
            kafka.send("app_events", events.stream().map(Event::json).toList(), n -> { });
            run(Mode.STREAM, day);
            streamRows.put(day, Map.of("day", w.rows(DAY_ROWS.formatted(day)), "activity",
                    w.rows(ACTIVITY_ROWS.formatted(day))));
            run(Mode.BATCH, day);
        }
    }

    @Test
    void everyMinuteRowOfEveryKeyEqualsTheOracleInBothModes() {
        Map<String, Set<Long>> before = new HashMap<>();
        for (Map.Entry<LocalDate, List<Event>> day : days.entrySet()) {
            List<String> dayRows = rows(day.getKey(), day.getValue(), Map.of(), true);
            List<String> activityRows = rows(day.getKey(), day.getValue(), before, false);
            assertThat(dayRows).hasSizeGreaterThan(10_000);
            assertThat(streamRows.get(day.getKey()).get("day")).as("stream %s", day.getKey())
                    .containsExactlyElementsOf(dayRows);
            assertThat(w.rows(DAY_ROWS.formatted(day.getKey()))).as("batch %s", day.getKey())
                    .containsExactlyElementsOf(dayRows);
            assertThat(streamRows.get(day.getKey()).get("activity")).as("stream activity %s", day.getKey())
                    .containsExactlyElementsOf(activityRows);
            assertThat(w.rows(ACTIVITY_ROWS.formatted(day.getKey()))).as("batch activity %s", day.getKey())
                    .containsExactlyElementsOf(activityRows);
            day.getValue().forEach(e -> {
                before.computeIfAbsent(e.channel(), c -> new HashSet<>()).add(e.user());
                before.computeIfAbsent("__all__", c -> new HashSet<>()).add(e.user());
            });
        }
    }

    @Test
    void theActivitysUsersInPaimonAreTheDaysSoFarForKeysThatSkippedADay() {
        Map<String, Set<Long>> users = new TreeMap<>();
        int skipped = 0;
        for (Map.Entry<LocalDate, List<Event>> day : days.entrySet()) {
            Set<String> present = new HashSet<>();
            day.getValue().forEach(e -> {
                users.computeIfAbsent(e.channel(), c -> new HashSet<>()).add(e.user());
                users.computeIfAbsent("__all__", c -> new HashSet<>()).add(e.user());
                present.add(e.channel());
            });
            present.add("__all__");
            if (day.getKey().equals(D1.plusDays(2))) {
                skipped = (int) present.stream().filter(c -> days.get(D1).stream().anyMatch(e -> e.channel().equals(c))
                        && days.get(D1.plusDays(1)).stream().noneMatch(e -> e.channel().equals(c))).count();
            }
            List<String> expected = new ArrayList<>();
            for (String channel : present) {
                expected.add(Row.of(day.getKey().toString(), channel, (long) users.get(channel).size(), true).toString());
            }
            expected.sort(null);
            assertThat(w.rows("SELECT dt, channel, bitmap64_cardinality(bitmap), batch FROM "
                    + "paimon.ads.app_uv_activity_day WHERE dt = '" + day.getKey() + "'"))
                    .as("%s", day.getKey()).containsExactlyElementsOf(expected);
        }
        // Keys with events on day 1 and 3 but not on day 2: day 3 read their users as of day 1.
        assertThat(skipped).isGreaterThan(20);
    }

    /** The oracle: per key, a row for each minute with events; cumulative PV (day rows only), UV and HLL estimate. */
    private static List<String> rows(LocalDate day, List<Event> events, Map<String, Set<Long>> before, boolean dayRow) {
        long start = day.atStartOfDay(TestWarehouse.SHANGHAI).toInstant().toEpochMilli();
        Map<String, List<Event>> byKey = new TreeMap<>();
        for (Event e : events) {
            byKey.computeIfAbsent(e.channel(), k -> new ArrayList<>()).add(e);
            byKey.computeIfAbsent("__all__", k -> new ArrayList<>()).add(e);
        }
        List<String> rows = new ArrayList<>();
        byKey.forEach((channel, list) -> {
            list.sort((a, b) -> Long.compare(a.ts(), b.ts()));
            Set<Long> users = new HashSet<>(before.getOrDefault(channel, Set.of()));
            HllSketch hll = new HllSketch(12);
            users.forEach(hll::update);
            for (int i = 0; i < list.size(); ) {
                long end = start + ((list.get(i).ts() - start) / 60_000 + 1) * 60_000;
                while (i < list.size() && list.get(i).ts() < end) {
                    users.add(list.get(i).user());
                    hll.update(list.get(i++).user());
                }
                LocalDateTime minuteEnd = LocalDateTime.ofInstant(Instant.ofEpochMilli(end), TestWarehouse.SHANGHAI);
                rows.add((dayRow
                        ? Row.of(day.toString(), channel, minuteEnd, (long) i, (long) users.size(), hll.getCompositeEstimate())
                        : Row.of(day.toString(), channel, minuteEnd, (long) users.size(), hll.getCompositeEstimate()))
                        .toString());
            }
        });
        rows.sort(null);
        return rows;
    }

    /** A day of events in time order (disorder within the watermark delay), keys drawn from a Zipf law (s = 1.1). */
    private static List<Event> generate(LocalDate day, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] cumulative = new double[KEYS];
        double sum = 0;
        for (int k = 0; k < KEYS; k++) {
            sum += 1 / Math.pow(k + 1, 1.1);
            cumulative[k] = sum;
        }
        long start = day.atStartOfDay(TestWarehouse.SHANGHAI).toInstant().toEpochMilli();
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < EVENTS_PER_DAY; i++) {
            long ts = start + (long) ((double) i / EVENTS_PER_DAY * 86_400_000L) + rnd.nextLong(0, 3_000);
            double u = rnd.nextDouble() * sum;
            int key = 0;
            while (cumulative[key] < u) {
                key++;
            }
            // Scattered 64-bit ids: a user is one of 8,000 per day, a third of them seen on other days too.
            long user = (rnd.nextInt(3) == 0 ? 1 : seed) * 1_000_003L + rnd.nextInt(8_000) * 7_919L + (1L << 40);
            events.add(new Event(String.format(Locale.ROOT, "%s-%06d", day, i), user,
                    String.format(Locale.ROOT, "shop-%04d", key), Math.min(ts, start + 86_400_000L - 1)));
        }
        return events;
    }

    private static void run(Mode mode, LocalDate day) throws Exception {
        TestWarehouse.run(new StringWriter(), w.spec(mode, day, Map.of()));
    }
}
