package io.rtw.udf;

import org.apache.datasketches.theta.Union;
import org.apache.flink.table.annotation.DataTypeHint;

/**
 * State of the theta_* aggregates: a Theta union plus its nominal entries k, which travel with it so that merged
 * pieces stay consistent. Public only because Flink's generated code and serializer snapshots need it.
 */
@DataTypeHint(value = "RAW", bridgedTo = ThetaAccumulator.class, rawSerializer = ThetaAccumulatorSerializer.class)
public final class ThetaAccumulator {

    int k;
    /** Null until the first row (or merge) fixes k. */
    Union union;

    ThetaAccumulator() {}

    Union union(String function, int k) {
        Union u = union;
        if (u == null) {
            this.k = k;
            u = union = Theta.newUnion(k);
        } else if (this.k != k) {
            throw new IllegalArgumentException(
                    function + ": k must be constant within one aggregate, got " + this.k + " and " + k);
        }
        return u;
    }

    void merge(String function, ThetaAccumulator other) {
        if (other.union != null) {
            union(function, other.k).union(other.union.getResult(false, null));
        }
    }

    byte[] sketchBytes() {
        return union == null ? Theta.empty() : Theta.result(union);
    }

    double estimate() {
        return union == null ? 0.0 : union.getResult(false, null).getEstimate();
    }

    void reset() {
        union = null;
    }
}
