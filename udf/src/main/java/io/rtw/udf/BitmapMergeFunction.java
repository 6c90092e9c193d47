package io.rtw.udf;

import org.apache.flink.table.functions.ScalarFunction;
import org.roaringbitmap.RoaringBitmap;

/** {@code bitmap_merge(a, b)}: the union of two 32-bit bitmaps (NULL counts as empty). */
public final class BitmapMergeFunction extends ScalarFunction {

    private static final long serialVersionUID = 1L;
    static final String NAME = "bitmap_merge";

    public BitmapMergeFunction() {}

    public byte[] eval(byte[] a, byte[] b) {
        if (a == null && b == null) {
            return null;
        }
        if (a == null || b == null) {
            return Bitmaps.write32(Bitmaps.read32(NAME, a == null ? b : a));
        }
        RoaringBitmap result = Bitmaps.read32(NAME, a);
        result.or(Bitmaps.read32(NAME, b));
        return Bitmaps.write32(result);
    }
}
