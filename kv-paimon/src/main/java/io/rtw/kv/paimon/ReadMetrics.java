package io.rtw.kv.paimon;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * What lookups cost, as Flink counters of the lookup function's metric group {@code rtw.paimonLookup}: keys looked up,
 * partitions and splits read, data files opened, their bytes, and the (merged) rows Paimon returned.
 */
record ReadMetrics(Counter lookups, Counter partitionsRead, Counter splitsRead, Counter filesRead, Counter bytesRead,
        Counter rowsRead) {

    /** The counters, registered in {@code group}. */
    static ReadMetrics in(MetricGroup group) {
        MetricGroup g = group.addGroup("rtw").addGroup("paimonLookup");
        return new ReadMetrics(g.counter("lookups"), g.counter("partitionsRead"), g.counter("splitsRead"),
                g.counter("filesRead"), g.counter("bytesRead"), g.counter("rowsRead"));
    }
}
