package io.rtw.udf;

import org.apache.datasketches.theta.SetOperation;
import org.apache.flink.table.functions.ScalarFunction;

/** {@code theta_intersect(a, b)}: the ids in both sketches (e.g. retained users); NULL if either is NULL. */
public final class ThetaIntersectFunction extends ScalarFunction {

    private static final long serialVersionUID = 1L;
    static final String NAME = "theta_intersect";

    public ThetaIntersectFunction() {}

    public byte[] eval(byte[] a, byte[] b) {
        if (a == null || b == null) {
            return null;
        }
        return SetOperation.builder().buildIntersection()
                .intersect(Theta.read(NAME, a), Theta.read(NAME, b), true, null).toByteArray();
    }
}
