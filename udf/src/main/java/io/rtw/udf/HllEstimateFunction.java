package io.rtw.udf;

import org.apache.flink.table.functions.ScalarFunction;

/** {@code hll_estimate(sketch)}: the order-independent (composite) distinct-count estimate of an HLL sketch. */
public final class HllEstimateFunction extends ScalarFunction {

    private static final long serialVersionUID = 1L;
    static final String NAME = "hll_estimate";

    public HllEstimateFunction() {}

    public Double eval(byte[] sketch) {
        return sketch == null ? null : Hll.estimate(Hll.read(NAME, sketch));
    }
}
