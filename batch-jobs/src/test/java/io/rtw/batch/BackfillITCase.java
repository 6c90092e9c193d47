package io.rtw.batch;

import io.rtw.meta.Secrets;
import io.rtw.kv.hbase.HBaseTables;
import io.rtw.local.junit.HBaseExtension;
import io.rtw.meta.Mode;
import io.rtw.stream.ExampleDay;

import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A three-day backfill of the example job over Paimon and a real HBase: days run in order with their counts
 * reported, a bad day stops the backfill with the day named and the days before it kept, and resuming from
 * that day finishes the range with every day's activity cumulative exact.
 */
class BackfillITCase {

    @RegisterExtension static final HBaseExtension HBASE = new HBaseExtension();

    private static final LocalDate D1 = LocalDate.of(2026, 11, 5);
    private static final LocalDate D2 = D1.plusDays(1);
    private static final LocalDate D3 = D1.plusDays(2);

    @TempDir Path home;

    @Test
    void stopsAtTheBadDayAndResumesFromIt() throws Exception {
        HBaseTables.ensure(HBASE.zookeeperAddress(), "rtw_uv_serving", "f");
        TestWarehouse w = new TestWarehouse(home, Map.of("hbase.zookeeper", HBASE.zookeeperAddress(),
                "activity.start", D1.toString()));
        Map<LocalDate, List<ExampleDay.Message>> days = new TreeMap<>();
        for (LocalDate d : List.of(D1, D2, D3)) {
            days.put(d, ExampleDay.generate(new ExampleDay.Spec(d, TestWarehouse.SHANGHAI, 1500, 400, 0, 0,
                    d.getDayOfMonth())));
            w.archive(d, days.get(d));
        }
        // Day 2 holds an event without a channel: the job's serving key cannot be null, so the day fails.
        List<ExampleDay.Message> bad = new ArrayList<>(days.get(D2));
        bad.add(new ExampleDay.Message("", ExampleDay.Kind.VALID, "no-channel", 7, null,
                D2.atStartOfDay(TestWarehouse.SHANGHAI).toInstant().toEpochMilli() + 1000, false));
        w.archive(D2, bad);

        StringWriter progress = new StringWriter();
        Backfill backfill = new Backfill(Secrets.of(Map.of()), new java.io.PrintWriter(progress, true));
        Backfill.Failed failed = catchThrowableOfType(Backfill.Failed.class,
                () -> backfill.run(w.spec(Mode.BATCH, D1, Map.of()), D1, D3));
        assertThat(failed.failedDay()).isEqualTo(D2);
        assertThat(failed.getMessage()).startsWith(D2 + " failed: ").contains("channel")
                .endsWith("1 of 3 days done (" + D1 + " to " + D1 + "); resume with --from " + D2 + " --to " + D3);
        assertThat(failed.done()).singleElement().satisfies(day -> {
            assertThat(day.day()).isEqualTo(D1);
            assertThat(day.recordsRead()).isEqualTo(1500);
            assertThat(day.rowsWritten()).containsEntry("ads.app_uv_minute", (long) DayOracle.minutes(D1,
                    TestWarehouse.SHANGHAI, days.get(D1)).size());
        });
        assertThat(progress.toString()).contains("[1/3] " + D1 + ": read 1,500 records, wrote ")
                .doesNotContain("[3/3]");

        // The day is repaired; resuming runs day 2 and day 3 only.
        w.archive(D2, days.get(D2));
        List<Backfill.Day> resumed = backfill.run(w.spec(Mode.BATCH, D2, Map.of()), D2, D3);
        assertThat(resumed).extracting(Backfill.Day::day).containsExactly(D2, D3);
        assertThat(resumed).allSatisfy(d -> assertThat(d.recordsRead()).isEqualTo(1500));

        Map<String, Set<Long>> users = new TreeMap<>();
        List<String> expected = new ArrayList<>();
        for (LocalDate d : List.of(D1, D2, D3)) {
            DayOracle.users(days.get(d), users);
            users.forEach((channel, ids) -> expected.add(Row.of(d.toString(), channel, (long) ids.size(), true)
                    .toString()));
        }
        expected.sort(null);
        assertThat(w.rows("SELECT dt, channel, bitmap64_cardinality(bitmap), batch FROM paimon.ads.app_uv_activity_day"))
                .containsExactlyElementsOf(expected);
    }
}
