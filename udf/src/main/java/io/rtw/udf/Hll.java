package io.rtw.udf;

import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.memory.Memory;

/** HyperLogLog helpers shared by the hll_* functions: reading bytes, the order-independent estimate and bounds. */
final class Hll {

    private Hll() {}

    static HllSketch read(String function, byte[] bytes) {
        try {
            return HllSketch.wrap(Memory.wrap(bytes));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    function + ": argument is not a DataSketches HLL sketch (" + bytes.length + " bytes): " + e.getMessage(), e);
        }
    }

    static byte[] empty(int lgK, TgtHllType type) {
        return new HllSketch(lgK, type).toCompactByteArray();
    }

    /** The composite (non-HIP) estimate: a function of the registers only, so it does not depend on arrival order. */
    static double estimate(HllSketch sketch) {
        return sketch.getCompositeEstimate();
    }

    /**
     * Bounds around the composite estimate. Unioning the sketch into itself marks it out of order, which makes the
     * library derive its bounds from the composite estimate and its relative-error tables instead of the HIP
     * accumulator that depends on arrival order.
     */
    static double[] bounds(HllSketch sketch, int stddevs) {
        Union union = new Union(sketch.getLgConfigK());
        union.update(sketch);
        union.update(sketch);
        HllSketch canonical = union.getResult(TgtHllType.HLL_8);
        return new double[] {canonical.getLowerBound(stddevs), canonical.getUpperBound(stddevs)};
    }
}
