package io.rtw.kv.hbase;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.client.Mutation;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Row;
import org.apache.hadoop.hbase.client.RowMutations;

import java.util.List;

/**
 * What one sink subtask has written to HBase, as metrics of its writer's group {@code rtw}: {@code hbaseRowsWritten}
 * (mutations acknowledged: puts and deletes, one per row key and flush), {@code hbaseCellsWritten} (put cells),
 * {@code hbaseValueBytesWritten} (their values), {@code hbaseKeyBytesWritten} (their row keys, families and
 * qualifiers, which HBase stores with every cell) and {@code hbaseLargestCellBytes} (the largest value put), counted
 * once per batch HBase acknowledged (retried batches and rows folded in the buffer are not counted twice); and
 * {@code hbaseRowsReceived} and {@code hbaseValueBytesReceived}, the rows handed to the writer (retractions aside) and
 * their put values, before the buffer folds a key's changes: what the sink writes when a key's rows arrive further
 * apart than the flush interval, as in real time, whereas a fast replay folds many of them.
 */
final class WriteStats {

    /** The metric group under the writer's group, beside {@code numRecordsSend}. */
    static final String GROUP = "rtw";

    private final Counter rows;
    private final Counter cells;
    private final Counter valueBytes;
    private final Counter keyBytes;
    private final Counter rowsReceived;
    private final Counter valueBytesReceived;
    private volatile long largestCell;

    WriteStats(MetricGroup writerGroup) {
        MetricGroup g = writerGroup.addGroup(GROUP);
        this.rows = g.counter("hbaseRowsWritten");
        this.cells = g.counter("hbaseCellsWritten");
        this.valueBytes = g.counter("hbaseValueBytesWritten");
        this.keyBytes = g.counter("hbaseKeyBytesWritten");
        g.gauge("hbaseLargestCellBytes", (Gauge<Long>) () -> largestCell);
        this.rowsReceived = g.counter("hbaseRowsReceived");
        this.valueBytesReceived = g.counter("hbaseValueBytesReceived");
    }

    /** Counts a row handed to the writer. */
    void received(Row mutation) {
        long v = 0;
        for (Mutation m : mutations(mutation)) {
            if (m instanceof Put put) {
                for (List<Cell> family : put.getFamilyCellMap().values()) {
                    for (Cell cell : family) {
                        v += cell.getValueLength();
                    }
                }
            }
        }
        rowsReceived.inc();
        valueBytesReceived.inc(v);
    }

    /** Counts a batch HBase has acknowledged. */
    void written(List<Row> batch) {
        long c = 0;
        long v = 0;
        long k = 0;
        long max = largestCell;
        for (Row row : batch) {
            for (Mutation m : mutations(row)) {
                if (!(m instanceof Put put)) {
                    continue;
                }
                for (List<Cell> family : put.getFamilyCellMap().values()) {
                    for (Cell cell : family) {
                        c++;
                        v += cell.getValueLength();
                        k += cell.getRowLength() + cell.getFamilyLength() + cell.getQualifierLength();
                        max = Math.max(max, cell.getValueLength());
                    }
                }
            }
        }
        rows.inc(batch.size());
        cells.inc(c);
        valueBytes.inc(v);
        keyBytes.inc(k);
        largestCell = max;
    }

    private static List<Mutation> mutations(Row row) {
        if (row instanceof RowMutations rm) {
            return rm.getMutations();
        }
        return row instanceof Mutation m ? List.of(m) : List.of();
    }
}
