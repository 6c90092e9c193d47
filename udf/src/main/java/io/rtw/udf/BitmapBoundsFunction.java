package io.rtw.udf;

import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.flink.types.Row;

/** {@code bitmap_bounds(bitmap, stddevs)}: both bounds equal the cardinality (32-bit bitmaps are exact). */
public final class BitmapBoundsFunction extends ScalarFunction {

    private static final long serialVersionUID = 1L;
    static final String NAME = "bitmap_bounds";

    public BitmapBoundsFunction() {}

    public @DataTypeHint("ROW<lower_bound DOUBLE, upper_bound DOUBLE>") Row eval(byte[] bitmap, Integer stddevs) {
        Params.stddevs(NAME, stddevs);
        if (bitmap == null) {
            return null;
        }
        double n = Bitmaps.cardinality32(NAME, bitmap);
        return Row.of(n, n);
    }
}
