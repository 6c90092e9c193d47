package io.rtw.udf;

import org.apache.datasketches.theta.Union;
import org.apache.flink.table.functions.ScalarFunction;

/** {@code theta_merge(a, b [, k])}: the union of two Theta sketches (NULL counts as empty), k defaults to 4096. */
public final class ThetaMergeFunction extends ScalarFunction {

    private static final long serialVersionUID = 1L;
    static final String NAME = "theta_merge";

    public ThetaMergeFunction() {}

    public byte[] eval(byte[] a, byte[] b) {
        return merge(a, b, Params.DEFAULT_K);
    }

    public byte[] eval(byte[] a, byte[] b, Integer k) {
        return merge(a, b, Params.k(NAME, k));
    }

    private static byte[] merge(byte[] a, byte[] b, int k) {
        if (a == null && b == null) {
            return null;
        }
        Union union = Theta.newUnion(k);
        if (a != null) {
            union.union(Theta.read(NAME, a));
        }
        if (b != null) {
            union.union(Theta.read(NAME, b));
        }
        return Theta.result(union);
    }
}
