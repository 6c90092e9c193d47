package io.rtw.udf;

import java.util.Collection;

import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.theta.SetOperation;
import org.apache.datasketches.theta.Union;

/** Expected values computed straight from the libraries (or exactly), independent of the functions under test. */
final class Oracle {

    private Oracle() {}

    static double hll(Collection<?> ids) {
        HllSketch sketch = new HllSketch(12, TgtHllType.HLL_4);
        for (Object id : ids) {
            if (id instanceof String s) {
                sketch.update(s);
            } else {
                sketch.update(((Number) id).longValue());
            }
        }
        return sketch.getCompositeEstimate();
    }

    static double theta(Collection<?> ids) {
        Union union = SetOperation.builder().setNominalEntries(4096).buildUnion();
        for (Object id : ids) {
            if (id instanceof String s) {
                union.update(s);
            } else {
                union.update(((Number) id).longValue());
            }
        }
        return union.getResult().getEstimate();
    }

    static long exact(Collection<?> ids) {
        return ids.stream().distinct().count();
    }
}
