package io.rtw.udf;

import org.apache.flink.table.functions.ScalarFunction;
import org.roaringbitmap.longlong.Roaring64Bitmap;

/** {@code bitmap64_difference(a, b)}: the ids in a but not in b (64-bit bitmaps, e.g. new users); NULL if either is NULL. */
public final class Bitmap64DifferenceFunction extends ScalarFunction {

    private static final long serialVersionUID = 1L;
    static final String NAME = "bitmap64_difference";

    public Bitmap64DifferenceFunction() {}

    public byte[] eval(byte[] a, byte[] b) {
        if (a == null || b == null) {
            return null;
        }
        Roaring64Bitmap result = Bitmaps.read64(NAME, a);
        result.andNot(Bitmaps.read64(NAME, b));
        return Bitmaps.write64(result);
    }
}
