package io.rtw.stream;

import io.rtw.kv.hbase.HBaseTables;
import io.rtw.local.junit.HBaseExtension;
import io.rtw.local.junit.KafkaExtension;
import io.rtw.meta.Mode;
import io.rtw.meta.Project;
import io.rtw.meta.Secrets;

import org.apache.datasketches.hll.HllSketch;
import org.apache.flink.types.Row;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example warehouse's stream job on real servers: a generated day (several partitions, disorder within
 * the watermark delay, late and malformed records, the first and last minutes of a Shanghai day, a few
 * heavy users) produced to a real Kafka, replayed bounded through {@code sql/jobs/app_uv.sql}, and every
 * per-minute row of Paimon checked against plain Java over the same messages; the serving rows in a real
 * HBase equal the last Paimon rows.
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
        messages = ExampleDay.generate(new ExampleDay.Spec(DAY, SHANGHAI, 4000, 500, 8, 10, 11L));
        KafkaLines kafka = new KafkaLines(KAFKA.bootstrapServers());
        kafka.recreateTopic("app_events", 2);
        kafka.send("app_events", messages.stream().map(ExampleDay.Message::json).toList(), n -> { });
        HBaseTables.ensure(HBASE.zookeeperAddress(), "rtw_uv_serving", "f");
        project = Project.load(Path.of("../sql"), new Project.Options(Optional.empty(), Map.of(
                "kafka.bootstrap", KAFKA.bootstrapServers(), "hbase.zookeeper", HBASE.zookeeperAddress(),
                "kafka.group", "example-it", "warehouse", "file://" + home.resolve("warehouse")),
                Secrets.of(Map.of()), home));
        new JobRunner(Secrets.of(Map.of()), new PrintWriter(new StringWriter())).run(new JobRunner.Spec(project,
                project.dir().resolve("jobs/app_uv.sql"), Mode.STREAM, Optional.of(DAY), JobRunner.Target.local(),
                true, Optional.empty(), Map.of("execution.checkpointing.interval", "2 s")));
    }

    @Test
    void everyMinuteOfTheDayEqualsTheOracle() throws Exception {
        assertThat(rows("SELECT dt, channel, minute_end, pv, uv, uv_hll FROM paimon.ads.app_uv_minute"))
                .containsExactlyElementsOf(oracle());
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
    void theServingRowsEqualTheLastMinuteInPaimon() throws Exception {
        Configuration conf = HBaseConfiguration.create();
        HBASE.clientProperties().forEach(conf::set);
        List<String> last = rows("SELECT channel, pv, uv FROM paimon.ads.app_uv_minute WHERE minute_end = TIMESTAMP '"
                + DAY.plusDays(1) + " 00:00:00'");
        List<String> served = new ArrayList<>();
        try (Connection c = ConnectionFactory.createConnection(conf);
                Table t = c.getTable(TableName.valueOf("rtw_uv_serving"))) {
            for (String channel : List.of("__all__", "app", "h5", "mini", "web")) {
                Result r = t.get(new Get(Bytes.toBytes("day_uv|" + channel + "|" + DAY)));
                served.add(Row.of(channel, Long.parseLong(Bytes.toString(r.getValue(Bytes.toBytes("f"), Bytes.toBytes("pv")))),
                        Long.parseLong(Bytes.toString(r.getValue(Bytes.toBytes("f"), Bytes.toBytes("uv"))))).toString());
            }
        }
        assertThat(served).containsExactlyElementsOf(last);
    }

    private static long count(ExampleDay.Kind kind) {
        return messages.stream().filter(m -> m.kind() == kind).count();
    }

    private static List<String> oracle() {
        long dayStart = DAY.atStartOfDay(SHANGHAI).toInstant().toEpochMilli();
        Map<String, List<ExampleDay.Message>> byKey = new TreeMap<>();
        messages.stream().filter(m -> m.kind() == ExampleDay.Kind.VALID).forEach(m -> {
            byKey.computeIfAbsent(m.channel(), k -> new ArrayList<>()).add(m);
            byKey.computeIfAbsent("__all__", k -> new ArrayList<>()).add(m);
        });
        List<String> rows = new ArrayList<>();
        byKey.forEach((channel, events) -> {
            events.sort((a, b) -> Long.compare(a.ts(), b.ts()));
            int i = 0;
            Set<Long> users = new HashSet<>();
            HllSketch hll = new HllSketch(12);
            for (long minute = (events.get(0).ts() - dayStart) / 60_000; minute < 1440; minute++) {
                long end = dayStart + (minute + 1) * 60_000;
                while (i < events.size() && events.get(i).ts() < end) {
                    users.add(events.get(i).userId());
                    hll.update(events.get(i++).userId());
                }
                rows.add(Row.of(DAY.toString(), channel, LocalDateTime.ofInstant(Instant.ofEpochMilli(end), SHANGHAI),
                        (long) i, (long) users.size(), hll.getCompositeEstimate()).toString());
            }
        });
        rows.sort(null);
        return rows;
    }

    private static List<String> rows(String sql) throws Exception {
        return TestFlink.rows(TestFlink.warehouse(home.resolve("warehouse")), sql);
    }
}
