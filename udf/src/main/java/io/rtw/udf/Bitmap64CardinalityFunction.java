package io.rtw.udf;

import org.apache.flink.table.functions.ScalarFunction;

/** {@code bitmap64_cardinality(bitmap)}: the number of ids in a 64-bit bitmap. */
public final class Bitmap64CardinalityFunction extends ScalarFunction {

    private static final long serialVersionUID = 1L;
    static final String NAME = "bitmap64_cardinality";

    public Bitmap64CardinalityFunction() {}

    public Long eval(byte[] bitmap) {
        return bitmap == null ? null : Bitmaps.read64(NAME, bitmap).getLongCardinality();
    }
}
