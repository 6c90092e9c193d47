package io.rtw.stream;

import io.rtw.runtime.Target;
import io.rtw.runtime.RunOptions;
import io.rtw.runtime.JobRequest;
import io.rtw.local.junit.HBaseExtension;
import io.rtw.local.junit.KafkaExtension;
import io.rtw.meta.Mode;
import io.rtw.meta.Project;
import io.rtw.meta.Secrets;
import io.rtw.test.TestFlink;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example warehouse's stream job on real servers: a generated day (several partitions, disorder within
 * the watermark delay, late and malformed records, the first and last minutes of a Shanghai day, a few
 * heavy users) produced to a real Kafka, replayed bounded through {@code sql/jobs/app_uv.sql}, and every
 * per-minute row of Paimon (a row per key and minute with events) checked against plain Java over the same
 * messages; the serving rows in a real HBase hold each key's last minute.
 */
class ExampleStreamJobITCase {

    @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
    @RegisterExtension static final HBaseExtension HBASE = new HBaseExtension();

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final LocalDate DAY = LocalDate.of(2026, 11, 21);

    @TempDir static Path home;
    static List<ExampleDay.Message> messages;
    static Project project;

    @BeforeAll
    static void replayADay() throws Exception {
        messages = ExampleSetup.produce(KAFKA, new ExampleDay.Spec(DAY, SHANGHAI, 4000, 500, 8, 10, 11L));
        project = ExampleSetup.project(KAFKA, HBASE, home, "example-it", Map.of());
        StreamRuns.run(new JobRequest(project, project.dir().resolve("jobs/app_uv.sql"), Mode.STREAM,
                Optional.of(DAY), new RunOptions(Target.local(), true, Optional.empty(), Map.of())),
                Secrets.of(Map.of()), new PrintWriter(new StringWriter()));
    }

    @Test
    void everyMinuteWithEventsEqualsTheOracle() throws Exception {
        assertThat(rows("SELECT dt, channel, minute_end, pv, uv, uv_hll FROM paimon.ads.app_uv_minute"))
                .containsExactlyElementsOf(ExampleOracle.minuteRows(messages, DAY, SHANGHAI));
    }

    @Test
    void deadLettersAndLateRecordsAreCountedExactly() throws Exception {
        assertThat(rows("SELECT COUNT(*) FROM paimon.ods.app_events_dead_letter"))
                .containsExactly("+I[" + count(ExampleDay.Kind.MALFORMED) + "]");
        assertThat(rows("SELECT COUNT(*) FROM paimon.ods.app_events_late"))
                .containsExactly("+I[" + count(ExampleDay.Kind.LATE) + "]");
        assertThat(rows("SELECT COUNT(DISTINCT `offset` * 10 + `partition`) FROM paimon.ods.app_events_dead_letter"))
                .containsExactly("+I[" + count(ExampleDay.Kind.MALFORMED) + "]");
    }

    @Test
    void theServingRowsHoldEachChannelsLastMinute() throws Exception {
        assertThat(ExampleOracle.served(HBASE.clientProperties(), "day_uv", DAY))
                .containsExactlyElementsOf(ExampleOracle.lastServed(messages, DAY, SHANGHAI, false));
        assertThat(ExampleOracle.served(HBASE.clientProperties(), "activity_uv", DAY))
                .containsExactlyElementsOf(ExampleOracle.lastServed(messages, DAY, SHANGHAI, true));
    }

    private static long count(ExampleDay.Kind kind) {
        return ExampleOracle.count(messages, kind);
    }

    private static List<String> rows(String sql) throws Exception {
        return TestFlink.rows(TestFlink.warehouse(home.resolve("warehouse")), sql);
    }
}
