package io.rtw.udf;

import org.apache.flink.table.functions.ScalarFunction;
import org.roaringbitmap.longlong.Roaring64Bitmap;

/** {@code bitmap64_intersect(a, b)}: the ids in both 64-bit bitmaps (e.g. retained users); NULL if either is NULL. */
public final class Bitmap64IntersectFunction extends ScalarFunction {

    private static final long serialVersionUID = 1L;
    static final String NAME = "bitmap64_intersect";

    public Bitmap64IntersectFunction() {}

    public byte[] eval(byte[] a, byte[] b) {
        if (a == null || b == null) {
            return null;
        }
        Roaring64Bitmap result = Bitmaps.read64(NAME, a);
        result.and(Bitmaps.read64(NAME, b));
        return Bitmaps.write64(result);
    }
}
