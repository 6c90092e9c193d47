package io.rtw.udf;

import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.flink.types.Row;

/** {@code bitmap64_bounds(bitmap, stddevs)}: both bounds equal the cardinality (64-bit bitmaps are exact). */
public final class Bitmap64BoundsFunction extends ScalarFunction {

    private static final long serialVersionUID = 1L;
    static final String NAME = "bitmap64_bounds";

    public Bitmap64BoundsFunction() {}

    public @DataTypeHint("ROW<lower_bound DOUBLE, upper_bound DOUBLE>") Row eval(byte[] bitmap, Integer stddevs) {
        Params.stddevs(NAME, stddevs);
        if (bitmap == null) {
            return null;
        }
        double n = Bitmaps.read64(NAME, bitmap).getLongCardinality();
        return Row.of(n, n);
    }
}
