package io.rtw.kv.hbase;

import io.rtw.local.junit.HBaseExtension;

import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The job-wide rate limit: two subtasks together write at the limit, measured from HBase's write timestamps. */
class HBaseRateLimitITCase {

    @RegisterExtension static final HBaseExtension HBASE = new HBaseExtension();
    @RegisterExtension static final MiniClusterExtension FLINK = SharedMiniCluster.cluster(2);

    private static final int ROWS = 4000;
    private static final double LIMIT = 400;

    @Test
    void twoSubtasksTogetherWriteAtTheJobWideLimit() throws Exception {
        TestHBase.createTable(HBASE, "rate_limited", 1);
        StreamTableEnvironment t = SharedMiniCluster.streaming(2, Map.of());
        t.executeSql("CREATE TABLE src (id BIGINT) WITH ('connector' = 'datagen', 'fields.id.kind' = 'sequence', "
                + "'fields.id.start' = '1', 'fields.id.end' = '" + ROWS + "')");
        t.executeSql("CREATE TABLE kv (id BIGINT, v STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ("
                + TestHBase.with(HBASE, "rate_limited", "sink.rate-limit", Double.toString(LIMIT),
                        "sink.parallelism", "2", "sink.buffer-flush.interval", "50 ms",
                        "sink.buffer-flush.max-rows", "1000") + ")");
        long start = System.currentTimeMillis();
        t.executeSql("INSERT INTO kv SELECT id, CONCAT('v', CAST(id AS STRING)) FROM src").await();
        long took = System.currentTimeMillis() - start;

        Map<String, Map<String, String>> expected = new TreeMap<>();
        for (long id = 1; id <= ROWS; id++) {
            expected.put(Long.toString(id), Map.of("v", "v" + id));
        }
        assertThat(TestHBase.rows(HBASE, "rate_limited", Set.of())).isEqualTo(expected);

        // HBase stamps each cell with the time the region server wrote it. The rate over the middle 90% of
        // rows leaves out the first and last flush.
        List<Long> ts = new ArrayList<>();
        for (Result r : TestHBase.scan(HBASE, "rate_limited", 1)) {
            Cell c = r.getColumnLatestCell(Bytes.toBytes("f"), Bytes.toBytes("v"));
            ts.add(c.getTimestamp());
        }
        Collections.sort(ts);
        int lo = ROWS / 20;
        int hi = ROWS - 1 - ROWS / 20;
        double rate = (hi - lo) * 1000.0 / (ts.get(hi) - ts.get(lo));
        double overall = (ROWS - 1) * 1000.0 / (ts.get(ROWS - 1) - ts.get(0));
        System.out.printf("[HBaseRateLimitITCase] limit %.0f rows/s, parallelism 2: %.1f rows/s over the middle 90%%"
                + " of rows, %.1f rows/s first to last write, job took %d ms%n", LIMIT, rate, overall, took);
        assertThat(rate).isCloseTo(LIMIT, within(LIMIT * 0.10));
    }
}
