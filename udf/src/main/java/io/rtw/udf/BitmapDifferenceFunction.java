package io.rtw.udf;

import org.apache.flink.table.functions.ScalarFunction;
import org.roaringbitmap.RoaringBitmap;

/** {@code bitmap_difference(a, b)}: the ids in a but not in b (32-bit bitmaps, e.g. new users); NULL if either is NULL. */
public final class BitmapDifferenceFunction extends ScalarFunction {

    private static final long serialVersionUID = 1L;
    static final String NAME = "bitmap_difference";

    public BitmapDifferenceFunction() {}

    public byte[] eval(byte[] a, byte[] b) {
        if (a == null || b == null) {
            return null;
        }
        RoaringBitmap result = Bitmaps.read32(NAME, a);
        result.andNot(Bitmaps.read32(NAME, b));
        return Bitmaps.write32(result);
    }
}
