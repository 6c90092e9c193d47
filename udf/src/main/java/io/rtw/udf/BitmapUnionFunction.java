package io.rtw.udf;

import org.apache.flink.table.functions.AggregateFunction;

/** {@code bitmap_union(bitmap)}: aggregate 32-bit bitmaps into their union; retraction is exact. */
public final class BitmapUnionFunction extends AggregateFunction<byte[], Bitmap32Accumulator> {

    private static final long serialVersionUID = 1L;
    static final String NAME = "bitmap_union";

    public BitmapUnionFunction() {}

    @Override
    public Bitmap32Accumulator createAccumulator() {
        return new Bitmap32Accumulator();
    }

    public void accumulate(Bitmap32Accumulator acc, byte[] bitmap) {
        if (bitmap != null) {
            acc.addAll(Bitmaps.read32(NAME, bitmap));
        }
    }

    public void retract(Bitmap32Accumulator acc, byte[] bitmap) {
        if (bitmap != null) {
            acc.removeAll(Bitmaps.read32(NAME, bitmap));
        }
    }

    public void merge(Bitmap32Accumulator acc, Iterable<Bitmap32Accumulator> others) {
        for (Bitmap32Accumulator other : others) {
            acc.addCounts(other);
        }
    }

    public void resetAccumulator(Bitmap32Accumulator acc) {
        acc.clear();
    }

    @Override
    public byte[] getValue(Bitmap32Accumulator acc) {
        return Bitmaps.write32(acc.positive());
    }
}
