package io.rtw.udf;

import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.apache.flink.table.annotation.DataTypeHint;

/**
 * State of the hll_* aggregates: an HLL union plus its parameters (lgK, target type), which travel with it so that
 * merged pieces stay consistent. Public only because Flink's generated code and serializer snapshots need it.
 */
@DataTypeHint(value = "RAW", bridgedTo = HllAccumulator.class, rawSerializer = HllAccumulatorSerializer.class)
public final class HllAccumulator {

    int lgK;
    TgtHllType type;
    /** Null until the first row (or merge) fixes the parameters. */
    Union union;

    HllAccumulator() {}

    /** The union to update, fixing the parameters on first use and rejecting a change of them. */
    Union union(String function, int lgK, TgtHllType type) {
        Union u = union;
        if (u == null) {
            this.lgK = lgK;
            this.type = type;
            u = union = new Union(lgK);
        } else if (this.lgK != lgK || this.type != type) {
            throw changed(function, lgK, type);
        }
        return u;
    }

    void merge(String function, HllAccumulator other) {
        if (other.union == null) {
            return;
        }
        union(function, other.lgK, other.type).update(other.union.getResult(TgtHllType.HLL_8));
    }

    /** The summary in the standard compact form; an untouched accumulator gives an empty sketch with the defaults. */
    byte[] sketchBytes() {
        return union == null
                ? Hll.empty(Params.DEFAULT_LG_K, Params.DEFAULT_HLL_TYPE)
                : union.getResult(type).toCompactByteArray();
    }

    double estimate() {
        return union == null ? 0.0 : union.getCompositeEstimate();
    }

    void reset() {
        union = null;
    }

    HllSketch gadget() {
        return union == null ? null : union.getResult(TgtHllType.HLL_8);
    }

    private IllegalArgumentException changed(String function, int lgK, TgtHllType type) {
        return new IllegalArgumentException(function + ": parameters must be constant within one aggregate, got lgK "
                + this.lgK + " type " + this.type + " and lgK " + lgK + " type " + type);
    }
}
