package io.rtw.kv.hbase;

import io.rtw.local.junit.HBaseExtension;

import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The sink against a real HBase: exact rows, idempotent replays, a changelog ending as its final result. */
class HBaseSinkITCase {

    @RegisterExtension static final HBaseExtension HBASE = new HBaseExtension();
    @RegisterExtension static final MiniClusterExtension FLINK = SharedMiniCluster.cluster(2);

    private static final int N = 500;

    /** The rows the INSERT below writes, computed in plain Java: row key -> qualifier -> stored value. */
    private static Map<String, Map<String, String>> expected() {
        Map<String, Map<String, String>> rows = new TreeMap<>();
        DateTimeFormatter ts = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        for (long id = 1; id <= N; id++) {
            String metric = id % 3 == 0 ? "uv" : "pv";
            String key = metric + "|ch\\|" + id + "|2024-01-31";
            Map<String, String> cols = new TreeMap<>();
            cols.put("uv", Long.toString(id * 1000));
            cols.put("ratio", Double.toString(id / 8.0));
            if (id % 5 != 0) {
                cols.put("note", "n" + id);
            }
            cols.put("sketch", HexFormat.of().formatHex(("s" + id).getBytes(StandardCharsets.UTF_16BE)));
            cols.put("updated", ts.format(LocalDateTime.of(2024, 1, 31, 0, 0).plusSeconds(id)));
            cols.put("version", Long.toString(1_700_000_000_000L + id));
            rows.put(key, cols);
        }
        return rows;
    }

    private static void insert(String hbaseTable, String... options) throws Exception {
        StreamTableEnvironment t = SharedMiniCluster.streaming(2, Map.of());
        t.executeSql("CREATE TABLE src (id BIGINT) WITH ('connector' = 'datagen', 'fields.id.kind' = 'sequence', "
                + "'fields.id.start' = '1', 'fields.id.end' = '" + N + "')");
        t.executeSql("CREATE TABLE kv (metric STRING, channel STRING, dt DATE, uv BIGINT, ratio DOUBLE, note STRING, "
                + "sketch BYTES, updated TIMESTAMP(3), version BIGINT, "
                + "PRIMARY KEY (metric, channel, dt) NOT ENFORCED) WITH ("
                + TestHBase.with(HBASE, hbaseTable, options) + ")");
        t.executeSql("INSERT INTO kv SELECT "
                + "CASE WHEN id % 3 = 0 THEN 'uv' ELSE 'pv' END, "
                + "CONCAT('ch|', CAST(id AS STRING)), "
                + "DATE '2024-01-31', "
                + "id * 1000, "
                + "CAST(id AS DOUBLE) / 8, "
                + "CASE WHEN id % 5 = 0 THEN CAST(NULL AS STRING) ELSE CONCAT('n', CAST(id AS STRING)) END, "
                + "ENCODE(CONCAT('s', CAST(id AS STRING)), 'UTF-16BE'), "
                + "TIMESTAMPADD(SECOND, CAST(id AS INT), TIMESTAMP '2024-01-31 00:00:00.000'), "
                + "1700000000000 + id "
                + "FROM src").await();
    }

    @Test
    void writesEveryRowAndColumnExactly() throws Exception {
        TestHBase.createTable(HBASE, "sink_exact", 1);
        insert("sink_exact", "sink.buffer-flush.max-rows", "37");
        assertThat(TestHBase.rows(HBASE, "sink_exact", Set.of("sketch"))).isEqualTo(expected());
    }

    @Test
    void aReplayOfTheSameInputLeavesTheSameRows() throws Exception {
        // With the version column the replay writes identical cells: one version each, same timestamps.
        TestHBase.createTable(HBASE, "sink_replay_versioned", 5);
        insert("sink_replay_versioned", "sink.version-column", "version");
        Map<String, Map<String, String>> first = TestHBase.rows(HBASE, "sink_replay_versioned", Set.of("sketch"));
        insert("sink_replay_versioned", "sink.version-column", "version");
        assertThat(first).isEqualTo(expected());
        assertThat(TestHBase.rows(HBASE, "sink_replay_versioned", Set.of("sketch"))).isEqualTo(first);
        List<Result> all = TestHBase.scan(HBASE, "sink_replay_versioned", 5);
        assertThat(all).hasSize(N).allSatisfy(r -> {
            Map<String, Integer> versions = new TreeMap<>();
            for (Cell c : r.listCells()) {
                versions.merge(Bytes.toString(CellUtil.cloneQualifier(c)), 1, Integer::sum);
                long id = Long.parseLong(Bytes.toString(r.getRow()).split("\\|")[2]);
                assertThat(c.getTimestamp()).isEqualTo(1_700_000_000_000L + id);
            }
            assertThat(versions.values()).containsOnly(1);
        });

        // Without it HBase stamps the write time: a second version appears, the latest values are the same.
        TestHBase.createTable(HBASE, "sink_replay_plain", 5);
        insert("sink_replay_plain");
        insert("sink_replay_plain");
        assertThat(TestHBase.rows(HBASE, "sink_replay_plain", Set.of("sketch"))).isEqualTo(expected());
    }

    @Test
    void aChangelogEndsAsItsFinalResultWithRetractedRowsDeleted() throws Exception {
        TestHBase.createTable(HBASE, "sink_changelog", 1);
        // Key k has k % 4 + 1 events; keys with more than 2 events are first written, then deleted.
        StringBuilder values = new StringBuilder();
        Map<String, Map<String, String>> expected = new TreeMap<>();
        Map<String, long[]> agg = new LinkedHashMap<>();
        for (int k = 0; k < 40; k++) {
            for (int e = 0; e <= k % 4; e++) {
                values.append(values.length() == 0 ? "" : ", ").append("('k").append(k).append("', ")
                        .append(k * 10 + e).append(')');
                agg.computeIfAbsent("k" + k, x -> new long[2]);
                agg.get("k" + k)[0]++;
                agg.get("k" + k)[1] += k * 10 + e;
            }
        }
        agg.forEach((k, a) -> {
            if (a[0] <= 2) {
                expected.put(k, Map.of("n", Long.toString(a[0]), "total", Long.toString(a[1])));
            }
        });
        StreamTableEnvironment t = SharedMiniCluster.streaming(1, Map.of());
        t.executeSql("CREATE TABLE kv (k STRING, n BIGINT, total BIGINT, PRIMARY KEY (k) NOT ENFORCED) WITH ("
                + TestHBase.with(HBASE, "sink_changelog", "sink.buffer-flush.max-rows", "1") + ")");
        t.executeSql("INSERT INTO kv SELECT k, COUNT(*), SUM(v) FROM (VALUES " + values + ") AS e(k, v) "
                + "GROUP BY k HAVING COUNT(*) <= 2").await();
        assertThat(TestHBase.rows(HBASE, "sink_changelog", Set.of())).isEqualTo(expected);
    }
}
