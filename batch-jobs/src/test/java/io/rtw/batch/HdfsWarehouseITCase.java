package io.rtw.batch;

import io.rtw.connector.kafka.KafkaLines;
import io.rtw.kv.hbase.HBaseTables;
import io.rtw.local.junit.HBaseExtension;
import io.rtw.local.junit.HdfsExtension;
import io.rtw.local.junit.KafkaExtension;
import io.rtw.meta.Mode;
import io.rtw.meta.Secrets;
import io.rtw.runtime.JobSubmitter;
import io.rtw.stream.ExampleDay;
import io.rtw.stream.StreamRuns;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example warehouse on shared storage: the Paimon warehouse and the stream job's checkpoints on a real HDFS
 * (NameNode and DataNode on 127.0.0.1), set as the prod profile sets them (variables {@code warehouse} and
 * {@code checkpoints.dir}). A stream day replayed from Kafka with checkpoints, then the same day in batch over the
 * archive the stream wrote to HDFS, each read back and equal to plain Java over the generated events; the files are
 * in HDFS (listed through Hadoop's client) and none on the local disk.
 */
class HdfsWarehouseITCase {

    @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
    @RegisterExtension static final HBaseExtension HBASE = new HBaseExtension();
    @RegisterExtension static final HdfsExtension HDFS = new HdfsExtension();

    private static final LocalDate DAY = LocalDate.of(2026, 11, 12);
    private static final String MINUTE_ROWS = "SELECT dt, channel, minute_end, pv, uv, uv_hll FROM paimon.ads.app_uv_minute"
            + " WHERE dt = '" + DAY + "'";

    @TempDir Path home;

    @Test
    void aStreamDayAndItsBatchDayRunOverAWarehouseOnHdfs() throws Exception {
        List<ExampleDay.Message> day = ExampleDay.generate(new ExampleDay.Spec(DAY, TestWarehouse.SHANGHAI, 800, 200, 3,
                5, 12L));
        KafkaLines kafka = new KafkaLines(KAFKA.bootstrapServers());
        kafka.recreateTopic("app_events", 1);
        kafka.send("app_events", day.stream().map(ExampleDay.Message::json).toList(), n -> { });
        HBaseTables.ensure(HBASE.zookeeperAddress(), "rtw_uv_serving", "f");
        TestWarehouse w = new TestWarehouse(home, Map.of("kafka.bootstrap", KAFKA.bootstrapServers(),
                "hbase.zookeeper", HBASE.zookeeperAddress(), "kafka.group", "hdfs-it", "activity.start", DAY.toString(),
                "warehouse", HDFS.uri() + "/rtw/warehouse", "checkpoints.dir", HDFS.uri() + "/rtw/checkpoints"));

        // Checkpoints every second so the replay's state goes to HDFS. One writer per table: the end-of-input commit
        // that can drop a second writer's last data when checkpoints are on (docs/cli.md) has no second writer here.
        StringWriter out = new StringWriter();
        JobSubmitter.Outcome stream = StreamRuns.run(w.spec(Mode.STREAM, DAY, Map.of(
                "execution.checkpointing.interval", "1 s", "parallelism.default", "1")), Secrets.of(Map.of()),
                new PrintWriter(out, true));
        assertThat(stream.finished()).as(out.toString()).isTrue();
        assertThat(w.rows(MINUTE_ROWS)).containsExactlyElementsOf(DayOracle.minutes(DAY, TestWarehouse.SHANGHAI,
                day.stream().filter(m -> m.kind() == ExampleDay.Kind.VALID).toList()));

        // The batch day reads the archive the stream run wrote to HDFS: on-time and late records alike.
        TestWarehouse.run(new StringWriter(), w.spec(Mode.BATCH, DAY, Map.of()));
        assertThat(w.rows(MINUTE_ROWS)).containsExactlyElementsOf(DayOracle.minutes(DAY, TestWarehouse.SHANGHAI,
                day.stream().filter(m -> m.kind() != ExampleDay.Kind.MALFORMED).toList()));

        try (FileSystem hdfs = HDFS.fileSystem()) {
            org.apache.hadoop.fs.Path table = new org.apache.hadoop.fs.Path("/rtw/warehouse/ads.db/app_uv_minute");
            assertThat(names(hdfs.listStatus(new org.apache.hadoop.fs.Path(table, "snapshot"))))
                    .anyMatch(n -> n.startsWith("snapshot-"));
            assertThat(files(hdfs, new org.apache.hadoop.fs.Path(table, "dt=" + DAY))).isNotEmpty();
            assertThat(files(hdfs, new org.apache.hadoop.fs.Path("/rtw/warehouse/ods.db/app_events/dt=" + DAY)))
                    .isNotEmpty();
            // Flink's checkpoint storage of the stream job: its directory, named by the job's id.
            assertThat(names(hdfs.listStatus(new org.apache.hadoop.fs.Path("/rtw/checkpoints"))))
                    .contains(stream.jobId().orElseThrow());
        }
        assertThat(Files.exists(home.resolve("warehouse"))).as("nothing on the local disk").isFalse();
        assertThat(Files.exists(home.resolve("checkpoints"))).as("nothing on the local disk").isFalse();
    }

    private static List<String> names(FileStatus[] statuses) {
        return Arrays.stream(statuses).map(s -> s.getPath().getName()).toList();
    }

    /** The files below {@code dir}, recursively. */
    private static List<String> files(FileSystem fs, org.apache.hadoop.fs.Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
        while (it.hasNext()) {
            out.add(it.next().getPath().toString());
        }
        return out;
    }
}
