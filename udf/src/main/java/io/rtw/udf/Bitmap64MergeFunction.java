package io.rtw.udf;

import org.apache.flink.table.functions.ScalarFunction;
import org.roaringbitmap.longlong.Roaring64Bitmap;

/** {@code bitmap64_merge(a, b)}: the union of two 64-bit bitmaps (NULL counts as empty). */
public final class Bitmap64MergeFunction extends ScalarFunction {

    private static final long serialVersionUID = 1L;
    static final String NAME = "bitmap64_merge";

    public Bitmap64MergeFunction() {}

    public byte[] eval(byte[] a, byte[] b) {
        if (a == null && b == null) {
            return null;
        }
        if (a == null || b == null) {
            return Bitmaps.write64(Bitmaps.read64(NAME, a == null ? b : a));
        }
        Roaring64Bitmap result = Bitmaps.read64(NAME, a);
        result.or(Bitmaps.read64(NAME, b));
        return Bitmaps.write64(result);
    }
}
