package io.rtw.udf;

import org.apache.datasketches.theta.SetOperation;
import org.apache.flink.table.functions.ScalarFunction;

/** {@code theta_difference(a, b)}: the ids in a but not in b (e.g. new users); NULL if either is NULL. */
public final class ThetaDifferenceFunction extends ScalarFunction {

    private static final long serialVersionUID = 1L;
    static final String NAME = "theta_difference";

    public ThetaDifferenceFunction() {}

    public byte[] eval(byte[] a, byte[] b) {
        if (a == null || b == null) {
            return null;
        }
        return SetOperation.builder().buildANotB()
                .aNotB(Theta.read(NAME, a), Theta.read(NAME, b), true, null).toByteArray();
    }
}
