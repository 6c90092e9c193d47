package io.rtw.udf;

import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.flink.types.Row;

/** {@code hll_bounds(sketch, stddevs)}: lower and upper bound of the distinct count at 1, 2 or 3 standard deviations. */
public final class HllBoundsFunction extends ScalarFunction {

    private static final long serialVersionUID = 1L;
    static final String NAME = "hll_bounds";

    public HllBoundsFunction() {}

    public @DataTypeHint("ROW<lower_bound DOUBLE, upper_bound DOUBLE>") Row eval(byte[] sketch, Integer stddevs) {
        int n = Params.stddevs(NAME, stddevs);
        if (sketch == null) {
            return null;
        }
        double[] b = Hll.bounds(Hll.read(NAME, sketch), n);
        return Row.of(b[0], b[1]);
    }
}
