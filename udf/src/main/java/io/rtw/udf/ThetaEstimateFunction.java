package io.rtw.udf;

import org.apache.flink.table.functions.ScalarFunction;

/** {@code theta_estimate(sketch)}: the distinct-count estimate of a Theta sketch (exact below k ids). */
public final class ThetaEstimateFunction extends ScalarFunction {

    private static final long serialVersionUID = 1L;
    static final String NAME = "theta_estimate";

    public ThetaEstimateFunction() {}

    public Double eval(byte[] sketch) {
        return sketch == null ? null : Theta.read(NAME, sketch).getEstimate();
    }
}
