package io.rtw.udf;

import org.apache.flink.table.functions.ScalarFunction;

/** {@code bitmap_cardinality(bitmap)}: the number of ids in a 32-bit bitmap. */
public final class BitmapCardinalityFunction extends ScalarFunction {

    private static final long serialVersionUID = 1L;
    static final String NAME = "bitmap_cardinality";

    public BitmapCardinalityFunction() {}

    public Long eval(byte[] bitmap) {
        return bitmap == null ? null : Bitmaps.cardinality32(NAME, bitmap);
    }
}
