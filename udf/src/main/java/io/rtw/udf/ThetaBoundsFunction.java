package io.rtw.udf;

import org.apache.datasketches.theta.Sketch;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.flink.types.Row;

/** {@code theta_bounds(sketch, stddevs)}: lower and upper bound of the distinct count at 1, 2 or 3 standard deviations. */
public final class ThetaBoundsFunction extends ScalarFunction {

    private static final long serialVersionUID = 1L;
    static final String NAME = "theta_bounds";

    public ThetaBoundsFunction() {}

    public @DataTypeHint("ROW<lower_bound DOUBLE, upper_bound DOUBLE>") Row eval(byte[] sketch, Integer stddevs) {
        int n = Params.stddevs(NAME, stddevs);
        if (sketch == null) {
            return null;
        }
        Sketch s = Theta.read(NAME, sketch);
        return Row.of(s.getLowerBound(n), s.getUpperBound(n));
    }
}
