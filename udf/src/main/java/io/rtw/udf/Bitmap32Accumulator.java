package io.rtw.udf;

import org.apache.flink.table.annotation.DataTypeHint;
import org.roaringbitmap.RoaringBitmap;

/**
 * State of the 32-bit bitmap aggregates (bitmap_build, bitmap_union, uv_bitmap): exact id multiplicities as the set
 * of present ids plus a map of the counts other than 1, see {@link CountedIds}; an INT id is kept as its unsigned
 * 32-bit value, as in the result bitmap. Public only because Flink's generated code and serializer snapshots need it.
 */
@DataTypeHint(value = "RAW", bridgedTo = Bitmap32Accumulator.class, rawSerializer = Bitmap32AccumulatorSerializer.class)
public final class Bitmap32Accumulator extends CountedIds {

    Bitmap32Accumulator() {}

    void increment(int id) {
        increment(Integer.toUnsignedLong(id));
    }

    void decrement(int id) {
        decrement(Integer.toUnsignedLong(id));
    }

    int count(int id) {
        return count(Integer.toUnsignedLong(id));
    }

    /** Count of every member of {@code set} += 1 ({@code set} is taken over). */
    void addAll(RoaringBitmap set) {
        addAll(LongBitmap.of(set));
    }

    /** Count of every member of {@code set} -= 1 ({@code set} is taken over). */
    void removeAll(RoaringBitmap set) {
        removeAll(LongBitmap.of(set));
    }

    /**
     * The ids with a positive count, as a new bitmap without run containers (so that {@link Bitmaps#write32}'s
     * {@code runOptimize} picks container types by content alone, whatever the bitmaps the ids came from).
     */
    RoaringBitmap positive() {
        return present.toRoaring32(true);
    }
}
