package io.rtw.udf;

import org.apache.flink.table.functions.AggregateFunction;
import org.apache.flink.table.functions.FunctionContext;

/** {@code theta_union(sketch [, k])}: aggregate Theta sketches (e.g. per-minute pieces) into their union. */
public final class ThetaUnionFunction extends AggregateFunction<byte[], ThetaAccumulator> {

    private static final long serialVersionUID = 1L;
    static final String NAME = "theta_union";

    private boolean ignoreRetract;

    public ThetaUnionFunction() {}

    @Override
    public void open(FunctionContext context) {
        ignoreRetract = RtwFunctions.ignoreRetract(context);
    }

    @Override
    public ThetaAccumulator createAccumulator() {
        return new ThetaAccumulator();
    }

    public void accumulate(ThetaAccumulator acc, byte[] sketch) {
        if (sketch != null) {
            acc.union(NAME, Params.DEFAULT_K).union(Theta.read(NAME, sketch));
        }
    }

    public void accumulate(ThetaAccumulator acc, byte[] sketch, Integer k) {
        if (sketch != null) {
            acc.union(NAME, Params.k(NAME, k)).union(Theta.read(NAME, sketch));
        }
    }

    public void retract(ThetaAccumulator acc, byte[] sketch) {
        retracted(sketch);
    }

    public void retract(ThetaAccumulator acc, byte[] sketch, Integer k) {
        retracted(sketch);
    }

    public void merge(ThetaAccumulator acc, Iterable<ThetaAccumulator> others) {
        for (ThetaAccumulator other : others) {
            acc.merge(NAME, other);
        }
    }

    public void resetAccumulator(ThetaAccumulator acc) {
        acc.reset();
    }

    @Override
    public byte[] getValue(ThetaAccumulator acc) {
        return acc.sketchBytes();
    }

    private void retracted(byte[] sketch) {
        if (sketch != null && !ignoreRetract) {
            throw Retraction.unsupported(NAME, "Theta");
        }
    }
}
