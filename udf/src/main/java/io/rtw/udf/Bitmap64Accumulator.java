package io.rtw.udf;

import org.apache.flink.table.annotation.DataTypeHint;
import org.roaringbitmap.longlong.Roaring64Bitmap;

/**
 * State of the 64-bit bitmap aggregates (bitmap64_build, bitmap64_union, uv_bitmap64): exact id multiplicities as the
 * set of present ids plus a map of the counts other than 1, see {@link CountedIds}. Public only because Flink's
 * generated code and serializer snapshots need it.
 */
@DataTypeHint(value = "RAW", bridgedTo = Bitmap64Accumulator.class, rawSerializer = Bitmap64AccumulatorSerializer.class)
public final class Bitmap64Accumulator extends CountedIds {

    Bitmap64Accumulator() {}

    /** Count of every member of {@code set} += 1. */
    void addAll(Roaring64Bitmap set) {
        addAll(LongBitmap.of(set));
    }

    /** Count of every member of {@code set} -= 1. */
    void removeAll(Roaring64Bitmap set) {
        removeAll(LongBitmap.of(set));
    }

    /** The ids with a positive count, in {@link Bitmaps#write64}'s canonical bytes. */
    byte[] positiveBytes() {
        return present.toRoaring64Bytes();
    }
}
