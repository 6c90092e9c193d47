package io.rtw.udf;

import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code hll_merge(a, b)}: the union of two HLL sketches (NULL counts as empty), with the larger lgK of the two and
 * the HLL type of the first non-null one; the lgK of the result is the smaller one when both are dense.
 */
public final class HllMergeFunction extends ScalarFunction {

    private static final long serialVersionUID = 1L;
    static final String NAME = "hll_merge";

    public HllMergeFunction() {}

    public byte[] eval(byte[] a, byte[] b) {
        if (a == null && b == null) {
            return null;
        }
        HllSketch sa = a == null ? null : Hll.read(NAME, a);
        HllSketch sb = b == null ? null : Hll.read(NAME, b);
        int lgK = Math.max(sa == null ? 0 : sa.getLgConfigK(), sb == null ? 0 : sb.getLgConfigK());
        TgtHllType type = (sa != null ? sa : sb).getTgtHllType();
        Union union = new Union(lgK);
        if (sa != null) {
            union.update(sa);
        }
        if (sb != null) {
            union.update(sb);
        }
        return union.getResult(type).toCompactByteArray();
    }
}
