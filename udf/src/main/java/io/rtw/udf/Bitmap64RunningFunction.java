package io.rtw.udf;

import java.nio.ByteBuffer;
import java.util.Map;

import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.table.api.dataview.MapView;
import org.apache.flink.table.functions.AggregateFunction;
import org.apache.flink.types.Row;
import org.roaringbitmap.Container;
import org.roaringbitmap.RoaringBitmap;

/**
 * {@code bitmap64_running(ids [, snapshot]) OVER (PARTITION BY ... ORDER BY ...)}: the running distinct set of
 * 64-bit bitmaps of ids, as {@code ROW<distinct_ids, fresh, snapshot>}: the number of distinct ids so far, the ids of
 * this row not seen before (NULL if none) and, on a row whose {@code snapshot} argument is TRUE, the whole set so far.
 *
 * <p>The set is kept in a {@link MapView} of Roaring containers (one entry per 65,536-id block), which Flink backs
 * with map state in streaming jobs: a row reads and writes only the blocks its ids fall in, so the cost of a row
 * grows with its own ids, not with the set (a RocksDB state backend never rewrites the whole set). Only appends:
 * meant for OVER windows over append-only rows; it neither retracts nor merges.
 */
@FunctionHint(output = @DataTypeHint("ROW<distinct_ids BIGINT, fresh BYTES, snapshot BYTES>"))
public final class Bitmap64RunningFunction extends AggregateFunction<Row, Bitmap64RunningFunction.Accumulator> {

    private static final long serialVersionUID = 1L;
    static final String NAME = "bitmap64_running";

    /** State of one partition: the set as blocks, its size, and what the last row added. */
    public static final class Accumulator {
        /** Number of ids in the set. */
        public long cardinality;
        /** Ids the last row added, as 64-bit bitmap bytes; null if it added none. */
        public byte[] fresh;
        /** Whether the last row asked for the whole set. */
        public boolean snapshot;
        /** High 48 bits of the ids to their Roaring container, as a one-container 32-bit bitmap's portable bytes. */
        @DataTypeHint("MAP<BIGINT NOT NULL, BYTES>")
        public MapView<Long, byte[]> blocks = new MapView<>();
    }

    public Bitmap64RunningFunction() {}

    @Override
    public Accumulator createAccumulator() {
        return new Accumulator();
    }

    public void accumulate(Accumulator acc, byte[] ids) throws Exception {
        accumulate(acc, ids, false);
    }

    public void accumulate(Accumulator acc, byte[] ids, Boolean snapshot) throws Exception {
        LongBitmap fresh = new LongBitmap();
        if (ids != null) {
            MapView<Long, byte[]> blocks = acc.blocks;
            LongBitmap.of(Bitmaps.read64(NAME, ids)).forEachContainer((key, in) -> {
                byte[] stored = blocks.get(key);
                if (stored == null) {
                    blocks.put(key, write(in));
                    fresh.addContainer(key, in);
                } else {
                    Container have = read(stored);
                    Container added = in.andNot(have);
                    if (!added.isEmpty()) {
                        blocks.put(key, write(have.ior(added)));
                        fresh.addContainer(key, added);
                    }
                }
            });
        }
        acc.cardinality += fresh.cardinality();
        acc.fresh = fresh.isEmpty() ? null : fresh.toRoaring64Bytes();
        acc.snapshot = Boolean.TRUE.equals(snapshot);
    }

    @Override
    public Row getValue(Accumulator acc) {
        return Row.of(acc.cardinality, acc.fresh, acc.snapshot ? snapshot(acc) : null);
    }

    /** The whole set, read from every block: once per period in the intended use, not per row. */
    private static byte[] snapshot(Accumulator acc) {
        LongBitmap all = new LongBitmap();
        try {
            for (Map.Entry<Long, byte[]> block : acc.blocks.entries()) {
                all.addContainer(block.getKey(), read(block.getValue()));
            }
        } catch (Exception e) {
            throw new IllegalStateException(NAME + ": cannot read the set's state", e);
        }
        return all.toRoaring64Bytes();
    }

    private static byte[] write(Container container) {
        RoaringBitmap one = new RoaringBitmap();
        one.append((char) 0, container);
        return Bitmaps.serialize32(one);
    }

    private static Container read(byte[] bytes) {
        RoaringBitmap one = new RoaringBitmap();
        try {
            one.deserialize(ByteBuffer.wrap(bytes));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(NAME + ": a block of the set's state is unreadable", e);
        }
        return one.getContainerPointer().getContainer();
    }
}
