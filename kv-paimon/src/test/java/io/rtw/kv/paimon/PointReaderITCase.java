package io.rtw.kv.paimon;

import io.rtw.udf.RtwFunctions;

import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.paimon.catalog.Catalog;
import org.apache.paimon.data.BinaryString;
import org.apache.paimon.data.GenericRow;
import org.apache.paimon.data.InternalRow;
import org.apache.paimon.io.DataFileMeta;
import org.apache.paimon.reader.RecordReader;
import org.apache.paimon.table.Table;
import org.apache.paimon.table.source.DataSplit;
import org.apache.paimon.table.source.ReadBuilder;
import org.apache.paimon.table.source.Split;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one point read touches in a real Paimon table of 4 buckets and 3 day partitions written in 3 commits: one
 * partition, one bucket's split and its files, never the partition's other buckets. The oracle of where each key
 * lives is a full scan of the table, read split by split with Paimon's own reader.
 */
class PointReaderITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = new MiniClusterExtension();

    @TempDir static Path dir;
    static ActivityDays data;
    static TableEnvironment env;
    static Catalog catalog;

    /** Where a key's rows live: its partition and bucket. */
    record Place(String dt, int bucket) {}

    @BeforeAll
    static void write() throws Exception {
        data = new ActivityDays(21);
        String warehouse = dir.resolve("warehouse").toUri().toString();
        env = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        env.getConfig().set("parallelism.default", "1");
        RtwFunctions.registerAll(env);
        env.executeSql("CREATE CATALOG paimon WITH ('type' = 'paimon', 'warehouse' = '" + warehouse + "')");
        env.executeSql("CREATE TEMPORARY TABLE events (dt STRING, activity_start STRING, channel STRING, "
                + "user_id BIGINT, score INT, is_new BOOLEAN, piece INT) WITH ('connector' = 'filesystem', "
                + "'path' = '" + data.writeCsv(dir.resolve("events")).toUri() + "', 'format' = 'csv')");
        env.executeSql("CREATE DATABASE paimon.ads");
        env.executeSql(ActivityDays.createTable("paimon.ads.activity_day"));
        for (int c = 0; c < ActivityDays.COMMITS; c++) {
            env.executeSql(ActivityDays.insert("paimon.ads.activity_day", c)).await();
        }
        catalog = new TableSpec(warehouse, Map.of(), "ads", "activity_day").openCatalog();
    }

    @AfterAll
    static void close() throws Exception {
        catalog.close();
    }

    static ReadMetrics counters() {
        return new ReadMetrics(new SimpleCounter(), new SimpleCounter(), new SimpleCounter(), new SimpleCounter(),
                new SimpleCounter(), new SimpleCounter());
    }

    static Object[] key(String dt, String start, String channel) {
        return new Object[] {BinaryString.fromString(dt), BinaryString.fromString(start),
            BinaryString.fromString(channel)};
    }

    @Test
    void aPointReadTouchesOnePartitionsOneBucket() throws Exception {
        Table table = catalog.getTable(new TableSpec("", Map.of(), "ads", "activity_day").identifier());
        // The oracle: every data file of the table by partition and bucket, and each key's place.
        Map<Place, List<DataFileMeta>> files = new HashMap<>();
        Map<String, Place> places = new HashMap<>();
        ReadBuilder all = table.newReadBuilder();
        for (Split s : all.newScan().plan().splits()) {
            DataSplit split = (DataSplit) s;
            Place place = new Place(split.partition().getString(0).toString(), split.bucket());
            files.computeIfAbsent(place, p -> new java.util.ArrayList<>()).addAll(split.dataFiles());
            try (RecordReader<InternalRow> r = all.newRead().createReader(split)) {
                r.forEachRemaining(row -> places.put(ActivityDays.key(row.getString(0).toString(),
                        row.getString(1).toString(), row.getString(2).toString()), place));
            }
        }
        assertThat(places.keySet()).isEqualTo(data.rows.keySet());
        assertThat(files.keySet().stream().map(Place::dt).distinct()).hasSize(3);
        assertThat(files.keySet().stream().map(Place::bucket).distinct()).hasSize(4);
        // One file per bucket, partition and commit: 3 x 4 x 3, 12 per partition.
        assertThat(files.values().stream().mapToLong(List::size).sum()).isEqualTo(36);

        for (Map.Entry<String, Place> e : places.entrySet()) {
            String[] k = e.getKey().split("\\|");
            Place place = e.getValue();
            List<DataFileMeta> bucketFiles = files.get(place);
            long partitionFiles = files.entrySet().stream().filter(f -> f.getKey().dt().equals(place.dt()))
                    .mapToLong(f -> f.getValue().size()).sum();
            ReadMetrics m = counters();
            Optional<GenericRow> row = new PointReader(table, List.of("dt", "pv"), Optional.of("dt"), m)
                    .read(key(k[0], k[1], k[2]));

            assertThat(row).as("%s", e.getKey()).isPresent();
            assertThat(row.get().getLong(1)).isEqualTo(data.rows.get(e.getKey()).pv());
            assertThat(m.partitionsRead().getCount()).as("%s: partitions read", e.getKey()).isEqualTo(1);
            assertThat(m.splitsRead().getCount()).as("%s: splits read", e.getKey()).isEqualTo(1);
            assertThat(m.filesRead().getCount()).as("%s: files read", e.getKey()).isEqualTo(bucketFiles.size())
                    .isEqualTo(3).isLessThan(partitionFiles);
            assertThat(m.bytesRead().getCount()).isEqualTo(bucketFiles.stream().mapToLong(DataFileMeta::fileSize).sum());
            assertThat(m.rowsRead().getCount()).isEqualTo(1);
        }
    }

    @Test
    void aDateAsOfColumnFallsBackToTheLatestEarlierDay() throws Exception {
        env.executeSql("CREATE TABLE paimon.ads.by_date (d DATE, shop BIGINT, pv BIGINT, PRIMARY KEY (d, shop) NOT "
                + "ENFORCED) PARTITIONED BY (d) WITH ('bucket' = '3', 'merge-engine' = 'aggregation', "
                + "'fields.pv.aggregate-function' = 'sum')");
        env.executeSql("INSERT INTO paimon.ads.by_date VALUES (DATE '2026-10-30', 7, 1), (DATE '2026-11-01', 7, 2), "
                + "(DATE '2026-11-01', 7, 3), (DATE '2026-11-03', 8, 4)").await();
        Table table = catalog.getTable(new TableSpec("", Map.of(), "ads", "by_date").identifier());
        PointReader reader = new PointReader(table, List.of("d", "pv"), Optional.of("d"), counters());
        int nov2 = (int) java.time.LocalDate.of(2026, 11, 2).toEpochDay();
        GenericRow row = reader.read(new Object[] {nov2, 7L}).orElseThrow();
        assertThat(row.getInt(0)).isEqualTo((int) java.time.LocalDate.of(2026, 11, 1).toEpochDay());
        assertThat(row.getLong(1)).isEqualTo(5L);
        assertThat(reader.read(new Object[] {nov2, 8L})).isEmpty();
        assertThat(reader.read(new Object[] {nov2 - 3, 7L}).orElseThrow().getLong(1)).isEqualTo(1L);
    }

    @Test
    void everyReadSeesTheLatestSnapshot() throws Exception {
        env.executeSql("CREATE TABLE paimon.ads.fresh (dt STRING, channel STRING, bitmap BYTES, PRIMARY KEY (dt, channel)"
                + " NOT ENFORCED) PARTITIONED BY (dt) WITH ('bucket' = '2', 'merge-engine' = 'aggregation', "
                + "'fields.bitmap.aggregate-function' = 'rbm64')");
        String insert = "INSERT INTO paimon.ads.fresh SELECT '2026-11-02', 'app', bitmap64_build(u) FROM (VALUES %s) "
                + "AS t(u)";
        env.executeSql(String.format(insert, "(CAST(1 AS BIGINT)), (2)")).await();
        Table table = catalog.getTable(new TableSpec("", Map.of(), "ads", "fresh").identifier());
        PointReader reader = new PointReader(table, List.of("bitmap"), Optional.empty(), counters());
        Object[] key = {BinaryString.fromString("2026-11-02"), BinaryString.fromString("app")};
        assertThat(PaimonLookupITCase.users(reader.read(key).orElseThrow().getBinary(0))).isEqualTo(Set.of(1L, 2L));
        env.executeSql(String.format(insert, "(CAST(3 AS BIGINT)), (1099511627776)")).await();
        assertThat(PaimonLookupITCase.users(reader.read(key).orElseThrow().getBinary(0)))
                .isEqualTo(Set.of(1L, 2L, 3L, 1L << 40));
    }
}
