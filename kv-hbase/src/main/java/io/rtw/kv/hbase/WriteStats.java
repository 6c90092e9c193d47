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
 * qualifiers, which HBase stores with every cell) and {@code hbaseLargestCellBytes} (the largest value put). Counted
 * once per batch HBase acknowledged, by walking the batch's cells: no cost per incoming row, and a write volume that
 * a sizing can rely on (retried batches and rows folded in the buffer are not counted twice).
 */
final class WriteStats {

    /** The metric group under the writer's group, beside {@code numRecordsSend}. */
    static final String GROUP = "rtw";

    private final Counter rows;
    private final Counter cells;
    private final Counter valueBytes;
    private final Counter keyBytes;
    private volatile long largestCell;

    WriteStats(MetricGroup writerGroup) {
        MetricGroup g = writerGroup.addGroup(GROUP);
        this.rows = g.counter("hbaseRowsWritten");
        this.cells = g.counter("hbaseCellsWritten");
        this.valueBytes = g.counter("hbaseValueBytesWritten");
        this.keyBytes = g.counter("hbaseKeyBytesWritten");
        g.gauge("hbaseLargestCellBytes", (Gauge<Long>) () -> largestCell);
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
