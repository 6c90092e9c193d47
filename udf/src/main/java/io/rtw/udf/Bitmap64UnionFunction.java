package io.rtw.udf;

import org.apache.flink.table.functions.AggregateFunction;

/** {@code bitmap64_union(bitmap)}: aggregate 64-bit bitmaps into their union; retraction is exact. */
public final class Bitmap64UnionFunction extends AggregateFunction<byte[], Bitmap64Accumulator> {

    private static final long serialVersionUID = 1L;
    static final String NAME = "bitmap64_union";

    public Bitmap64UnionFunction() {}

    @Override
    public Bitmap64Accumulator createAccumulator() {
        return new Bitmap64Accumulator();
    }

    public void accumulate(Bitmap64Accumulator acc, byte[] bitmap) {
        if (bitmap != null) {
            acc.addAll(Bitmaps.read64(NAME, bitmap));
        }
    }

    public void retract(Bitmap64Accumulator acc, byte[] bitmap) {
        if (bitmap != null) {
            acc.removeAll(Bitmaps.read64(NAME, bitmap));
        }
    }

    public void merge(Bitmap64Accumulator acc, Iterable<Bitmap64Accumulator> others) {
        for (Bitmap64Accumulator other : others) {
            acc.addCounts(other);
        }
    }

    public void resetAccumulator(Bitmap64Accumulator acc) {
        acc.clear();
    }

    @Override
    public byte[] getValue(Bitmap64Accumulator acc) {
        return acc.positiveBytes();
    }
}
