package io.rtw.kv.hbase;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Mutation;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.RowMutations;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The sink's write counters over hand-built batches, against sizes counted by hand. */
class WriteStatsTest {

    /** A metric group that keeps what is registered in it, by {@code group.name}. */
    static final class Recording extends UnregisteredMetricsGroup {
        final Map<String, Object> metrics;
        final String prefix;

        Recording(Map<String, Object> metrics, String prefix) {
            this.metrics = metrics;
            this.prefix = prefix;
        }

        @Override
        public <C extends Counter> C counter(String name, C counter) {
            metrics.put(prefix + name, counter);
            return counter;
        }

        @Override
        public Counter counter(String name) {
            return counter(name, new org.apache.flink.metrics.SimpleCounter());
        }

        @Override
        public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
            metrics.put(prefix + name, gauge);
            return gauge;
        }

        @Override
        public MetricGroup addGroup(String name) {
            return new Recording(metrics, prefix + name + ".");
        }

        long count(String name) {
            return ((Counter) metrics.get(name)).getCount();
        }

        Object value(String name) {
            return ((Gauge<?>) metrics.get(name)).getValue();
        }
    }

    private static final byte[] F = Bytes.toBytes("f");

    @Test
    void countsRowsCellsAndBytesOfEveryAcknowledgedBatch() throws Exception {
        Recording group = new Recording(new HashMap<>(), "");
        WriteStats stats = new WriteStats(group);
        // Row key "k1" (2 bytes), family "f" (1), qualifiers "uv" (2) and "bitmap" (6).
        Put p1 = new Put(Bytes.toBytes("k1")).addColumn(F, Bytes.toBytes("uv"), Bytes.toBytes("12345"))
                .addColumn(F, Bytes.toBytes("bitmap"), new byte[1000]);
        // A put with a null column: a RowMutations of a Put (one cell) and a Delete (no cell counted).
        RowMutations p2 = new RowMutations(Bytes.toBytes("key-2"));
        p2.add((Mutation) new Put(Bytes.toBytes("key-2")).addColumn(F, Bytes.toBytes("pv"), Bytes.toBytes("7")));
        p2.add((Mutation) new Delete(Bytes.toBytes("key-2")).addColumns(F, Bytes.toBytes("note")));
        Delete d = new Delete(Bytes.toBytes("gone")).addFamily(F);
        stats.written(List.of(p1, p2, d));
        stats.written(List.of(new Put(Bytes.toBytes("k1")).addColumn(F, Bytes.toBytes("uv"), Bytes.toBytes("9"))
                .addColumn(F, Bytes.toBytes("pv"), Bytes.toBytes("10"))));

        assertThat(group.count("rtw.hbaseRowsWritten")).isEqualTo(4);
        assertThat(group.count("rtw.hbaseCellsWritten")).isEqualTo(5);
        assertThat(group.count("rtw.hbaseValueBytesWritten")).isEqualTo(5 + 1000 + 1 + 1 + 2);
        assertThat(group.count("rtw.hbaseKeyBytesWritten")).isEqualTo((2 + 1 + 2) + (2 + 1 + 6) + (5 + 1 + 2)
                + (2 + 1 + 2) + (2 + 1 + 2));
        assertThat(group.value("rtw.hbaseLargestCellBytes")).isEqualTo(1000L);
        assertThat(group.count("rtw.hbaseRowsReceived")).isZero();
    }

    @Test
    void countsRowsReceivedBeforeTheBufferFoldsThem() throws Exception {
        Recording group = new Recording(new HashMap<>(), "");
        WriteStats stats = new WriteStats(group);
        Put first = new Put(Bytes.toBytes("k1")).addColumn(F, Bytes.toBytes("uv"), Bytes.toBytes("1"));
        Put second = new Put(Bytes.toBytes("k1")).addColumn(F, Bytes.toBytes("uv"), Bytes.toBytes("22"))
                .addColumn(F, Bytes.toBytes("bitmap"), new byte[300]);
        RowMutations third = new RowMutations(Bytes.toBytes("k2"));
        third.add((Mutation) new Put(Bytes.toBytes("k2")).addColumn(F, Bytes.toBytes("pv"), Bytes.toBytes("333")));
        third.add((Mutation) new Delete(Bytes.toBytes("k2")).addColumns(F, Bytes.toBytes("note")));
        stats.received(first);
        stats.received(second);
        stats.received(third);
        stats.received(new Delete(Bytes.toBytes("k3")).addFamily(F));
        // The buffer keeps the last change of k1: one write of it.
        stats.written(List.of(second, third));

        assertThat(group.count("rtw.hbaseRowsReceived")).isEqualTo(4);
        assertThat(group.count("rtw.hbaseValueBytesReceived")).isEqualTo(1 + 2 + 300 + 3);
        assertThat(group.count("rtw.hbaseRowsWritten")).isEqualTo(2);
        assertThat(group.count("rtw.hbaseValueBytesWritten")).isEqualTo(2 + 300 + 3);
    }

    @Test
    void startsAtZero() {
        Recording group = new Recording(new HashMap<>(), "");
        new WriteStats(group);
        assertThat(group.count("rtw.hbaseRowsWritten")).isZero();
        assertThat(group.value("rtw.hbaseLargestCellBytes")).isEqualTo(0L);
    }
}
