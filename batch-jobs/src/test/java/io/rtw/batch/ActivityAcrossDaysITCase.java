package io.rtw.batch;

import io.rtw.runtime.JobException;
import io.rtw.kv.hbase.HBaseTables;
import io.rtw.local.junit.HBaseExtension;
import io.rtw.local.junit.KafkaExtension;
import io.rtw.meta.Mode;
import io.rtw.stream.ExampleDay;
import io.rtw.connector.kafka.KafkaLines;

import org.apache.flink.types.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The example warehouse across days on real Kafka, Paimon and HBase: stream day 1, batch day 1, stream day 2
 * (which reads day 1's batch users from Paimon), batch day 2, checked minute by minute against plain
 * Java over the generated events: the activity UV is the exact distinct count over both days, late records
 * are in the batch result and not the stream's, stream equals batch on on-time records, re-runs never count
 * twice, and a day whose previous day has no batch cumulative is refused with the day to run first.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ActivityAcrossDaysITCase {

    @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
    @RegisterExtension static final HBaseExtension HBASE = new HBaseExtension();

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final LocalDate DAY1 = LocalDate.of(2026, 11, 1);
    private static final LocalDate DAY2 = DAY1.plusDays(1);
    private static final LocalDate DAY3 = DAY1.plusDays(2);
    private static final String MINUTE_ROWS = "SELECT dt, channel, minute_end, pv, uv, uv_hll FROM paimon.ads.app_uv_minute"
            + " WHERE dt = '%s'";
    private static final String ACTIVITY_ROWS = "SELECT dt, channel, minute_end, uv, uv_hll FROM "
            + "paimon.ads.app_uv_activity_minute WHERE dt = '%s'";

    @TempDir static Path home;
    static TestWarehouse w;
    static KafkaLines kafka;
    static List<ExampleDay.Message> day1;
    static List<ExampleDay.Message> day2;
    static List<String> streamDay1Last;
    static List<String> streamDay2Minutes;
    static List<String> streamDay2Activity;
    static List<String> batchDay1Minutes;

    @BeforeAll
    static void servers() throws Exception {
        day1 = ExampleDay.generate(new ExampleDay.Spec(DAY1, SHANGHAI, 3000, 600, 4, 12, 1L));
        day2 = ExampleDay.generate(new ExampleDay.Spec(DAY2, SHANGHAI, 3000, 600, 4, 0, 2L));
        kafka = new KafkaLines(KAFKA.bootstrapServers());
        kafka.recreateTopic("app_events", 2);
        HBaseTables.ensure(HBASE.zookeeperAddress(), "rtw_uv_serving", "f");
        w = new TestWarehouse(home, Map.of("kafka.bootstrap", KAFKA.bootstrapServers(), "hbase.zookeeper",
                HBASE.zookeeperAddress(), "kafka.group", "days-it", "activity.start", DAY1.toString()));
    }

    @Test
    @Order(1)
    void streamDayOneCountsOnTimeRecordsOnly() throws Exception {
        produce(day1);
        run(Mode.STREAM, DAY1);
        assertThat(rows(MINUTE_ROWS.formatted(DAY1))).containsExactlyElementsOf(
                DayOracle.minutes(DAY1, SHANGHAI, valid(day1)));
        streamDay1Last = DayOracle.last(DAY1, SHANGHAI, valid(day1));
    }

    @Test
    @Order(2)
    void batchDayOneAddsExactlyTheLateRecords() throws Exception {
        List<ExampleDay.Message> all = onDay(day1);
        assertThat(rows("SELECT COUNT(*), COUNT(DISTINCT event_id) FROM paimon.ods.app_events WHERE dt = '" + DAY1 + "'"))
                .containsExactly(Row.of((long) all.size(), (long) all.size()).toString());
        assertThat(rows("SELECT COUNT(*) FROM paimon.ods.app_events_late")).containsExactly(Row.of(12L).toString());
        run(Mode.BATCH, DAY1);
        batchDay1Minutes = rows(MINUTE_ROWS.formatted(DAY1));
        assertThat(batchDay1Minutes).containsExactlyElementsOf(DayOracle.minutes(DAY1, SHANGHAI, all));
        // Per key, batch minus stream at the end of the day is the key's late count.
        Map<String, Long> late = new TreeMap<>();
        day1.stream().filter(m -> m.kind() == ExampleDay.Kind.LATE).forEach(m -> {
            late.merge(m.channel(), 1L, Long::sum);
            late.merge("__all__", 1L, Long::sum);
        });
        assertThat(late.get("__all__")).isEqualTo(12L);
        Map<String, Long> diff = new TreeMap<>();
        List<String> batchLast = DayOracle.last(DAY1, SHANGHAI, all);
        for (int i = 0; i < batchLast.size(); i++) {
            String[] b = batchLast.get(i).split(",");
            String[] s = streamDay1Last.get(i).split(",");
            assertThat(b[0]).isEqualTo(s[0]);
            long d = Long.parseLong(b[1].replace("]", "").trim()) - Long.parseLong(s[1].replace("]", "").trim());
            if (d != 0) {
                diff.put(b[0].substring(3).trim(), d);
            }
        }
        assertThat(diff).isEqualTo(late);
        // The day's activity cumulative is the day itself: activity.start is day 1, nothing is looked up.
        assertThat(rows(ACTIVITY_ROWS.formatted(DAY1))).containsExactlyElementsOf(
                DayOracle.activity(DAY1, SHANGHAI, all, Map.of()));
    }

    @Test
    @Order(3)
    void streamDayTwoMergesDayOnesBatchUsersFromPaimon() throws Exception {
        produce(day2);
        run(Mode.STREAM, DAY2);
        // The archive the batch run of day 2 reads holds every record of the day, once.
        assertThat(rows("SELECT COUNT(*), COUNT(DISTINCT event_id) FROM paimon.ods.app_events WHERE dt = '" + DAY2 + "'"))
                .containsExactly(Row.of((long) onDay(day2).size(), (long) onDay(day2).size()).toString());
        streamDay2Minutes = rows(MINUTE_ROWS.formatted(DAY2));
        streamDay2Activity = rows(ACTIVITY_ROWS.formatted(DAY2));
        assertThat(streamDay2Minutes).containsExactlyElementsOf(
                DayOracle.minutes(DAY2, SHANGHAI, valid(day2)));
        assertThat(streamDay2Activity).containsExactlyElementsOf(DayOracle.activity(DAY2, SHANGHAI, valid(day2),
                DayOracle.users(onDay(day1), new TreeMap<>())));
        // Day 2's stream run continued from the group's offsets: day 1's batch rows are untouched.
        assertThat(rows(MINUTE_ROWS.formatted(DAY1))).isEqualTo(batchDay1Minutes);
    }

    @Test
    @Order(4)
    void aDayWithoutThePreviousBatchCumulativeIsRefused() {
        assertThatThrownBy(() -> run(Mode.BATCH, DAY3)).isInstanceOf(JobException.class)
                .hasMessageContaining("precondition not met: the activity cumulative of " + DAY2
                        + ": run --mode batch --bizdate " + DAY2 + " first");
    }

    @Test
    @Order(5)
    void batchDayTwoEqualsStreamDayTwoOnOnTimeRecords() throws Exception {
        run(Mode.BATCH, DAY2);
        assertThat(rows(MINUTE_ROWS.formatted(DAY2))).isEqualTo(streamDay2Minutes);
        assertThat(rows(ACTIVITY_ROWS.formatted(DAY2))).isEqualTo(streamDay2Activity);
        assertThat(rows("SELECT dt, channel, bitmap64_cardinality(bitmap), batch FROM paimon.ads.app_uv_activity_day"
                + " WHERE dt = '" + DAY2 + "' AND channel = '__all__'")).containsExactly(Row.of(DAY2.toString(), "__all__",
                (long) DayOracle.users(onDay(day1), DayOracle.users(onDay(day2), new TreeMap<>())).get("__all__")
                        .size(), true).toString());
    }

    @Test
    @Order(6)
    void rerunningADayOnEitherRuntimeOverwritesAndNeverCountsTwice() throws Exception {
        List<String> activity = rows(ACTIVITY_ROWS.formatted(DAY1));
        assertThat(run(Mode.BATCH, DAY1, Map.of())).contains("(bounded streams)");
        assertThat(rows(MINUTE_ROWS.formatted(DAY1))).isEqualTo(batchDay1Minutes);
        assertThat(rows(ACTIVITY_ROWS.formatted(DAY1))).isEqualTo(activity);
        // Flink's batch runtime (every record copied into each window containing it) gives the same rows.
        assertThat(run(Mode.BATCH, DAY1, Map.of("execution.runtime-mode", "batch"))).contains("(batch runtime)");
        assertThat(rows(MINUTE_ROWS.formatted(DAY1))).isEqualTo(batchDay1Minutes);
        assertThat(rows(ACTIVITY_ROWS.formatted(DAY1))).isEqualTo(activity);
    }

    private static void produce(List<ExampleDay.Message> messages) throws Exception {
        kafka.send("app_events", messages.stream().map(ExampleDay.Message::json).toList(), n -> { });
    }

    private static List<ExampleDay.Message> valid(List<ExampleDay.Message> day) {
        return day.stream().filter(m -> m.kind() == ExampleDay.Kind.VALID).toList();
    }

    private static List<ExampleDay.Message> onDay(List<ExampleDay.Message> day) {
        return day.stream().filter(m -> m.kind() != ExampleDay.Kind.MALFORMED).toList();
    }

    private static void run(Mode mode, LocalDate day) throws Exception {
        run(mode, day, Map.of());
    }

    /** Runs the job file and returns its progress lines. */
    private static String run(Mode mode, LocalDate day, Map<String, String> conf) throws Exception {
        StringWriter out = new StringWriter();
        TestWarehouse.run(out, w.spec(mode, day, conf));
        return out.toString();
    }


    private static List<String> rows(String sql) {
        return w.rows(sql);
    }
}
