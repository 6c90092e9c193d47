package io.rtw.udf;

import org.apache.datasketches.hll.TgtHllType;
import org.apache.flink.table.functions.AggregateFunction;
import org.apache.flink.table.functions.FunctionContext;

/** {@code hll_union(sketch [, lgK [, type]])}: aggregate HLL sketches (e.g. per-minute pieces) into their union. */
public final class HllUnionFunction extends AggregateFunction<byte[], HllAccumulator> {

    private static final long serialVersionUID = 1L;
    static final String NAME = "hll_union";

    private boolean ignoreRetract;

    public HllUnionFunction() {}

    @Override
    public void open(FunctionContext context) {
        ignoreRetract = RtwFunctions.ignoreRetract(context);
    }

    @Override
    public HllAccumulator createAccumulator() {
        return new HllAccumulator();
    }

    public void accumulate(HllAccumulator acc, byte[] sketch) {
        if (sketch != null) {
            acc.union(NAME, Params.DEFAULT_LG_K, Params.DEFAULT_HLL_TYPE).update(Hll.read(NAME, sketch));
        }
    }

    public void accumulate(HllAccumulator acc, byte[] sketch, Integer lgK) {
        if (sketch != null) {
            acc.union(NAME, Params.lgK(NAME, lgK), Params.DEFAULT_HLL_TYPE).update(Hll.read(NAME, sketch));
        }
    }

    public void accumulate(HllAccumulator acc, byte[] sketch, Integer lgK, String type) {
        if (sketch != null) {
            TgtHllType t = Params.hllType(NAME, type);
            acc.union(NAME, Params.lgK(NAME, lgK), t).update(Hll.read(NAME, sketch));
        }
    }

    public void retract(HllAccumulator acc, byte[] sketch) {
        retracted(sketch);
    }

    public void retract(HllAccumulator acc, byte[] sketch, Integer lgK) {
        retracted(sketch);
    }

    public void retract(HllAccumulator acc, byte[] sketch, Integer lgK, String type) {
        retracted(sketch);
    }

    public void merge(HllAccumulator acc, Iterable<HllAccumulator> others) {
        for (HllAccumulator other : others) {
            acc.merge(NAME, other);
        }
    }

    public void resetAccumulator(HllAccumulator acc) {
        acc.reset();
    }

    @Override
    public byte[] getValue(HllAccumulator acc) {
        return acc.sketchBytes();
    }

    private void retracted(byte[] sketch) {
        if (sketch != null && !ignoreRetract) {
            throw Retraction.unsupported(NAME, "HyperLogLog");
        }
    }
}
