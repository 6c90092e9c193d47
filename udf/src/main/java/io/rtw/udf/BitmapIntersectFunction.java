package io.rtw.udf;

import org.apache.flink.table.functions.ScalarFunction;
import org.roaringbitmap.RoaringBitmap;

/** {@code bitmap_intersect(a, b)}: the ids in both 32-bit bitmaps (e.g. retained users); NULL if either is NULL. */
public final class BitmapIntersectFunction extends ScalarFunction {

    private static final long serialVersionUID = 1L;
    static final String NAME = "bitmap_intersect";

    public BitmapIntersectFunction() {}

    public byte[] eval(byte[] a, byte[] b) {
        if (a == null || b == null) {
            return null;
        }
        RoaringBitmap result = Bitmaps.read32(NAME, a);
        result.and(Bitmaps.read32(NAME, b));
        return Bitmaps.write32(result);
    }
}
