package io.rtw.udf;

import org.apache.flink.table.functions.AggregateFunction;

/**
 * Base of the aggregates that build an exact 32-bit bitmap from INT ids ({@code bitmap_build}, {@code uv_bitmap});
 * an INT is stored as its unsigned 32-bit value. Nulls are ignored; retraction is exact. Public only because Flink's
 * generated code calls the inherited methods; not meant to be extended outside this package.
 */
public abstract class Bitmap32BuildAggregate<T> extends AggregateFunction<T, Bitmap32Accumulator> {

    private static final long serialVersionUID = 1L;

    Bitmap32BuildAggregate() {}

    @Override
    public Bitmap32Accumulator createAccumulator() {
        return new Bitmap32Accumulator();
    }

    public void accumulate(Bitmap32Accumulator acc, Integer id) {
        if (id != null) {
            acc.increment(id.intValue());
        }
    }

    public void retract(Bitmap32Accumulator acc, Integer id) {
        if (id != null) {
            acc.decrement(id.intValue());
        }
    }

    public void merge(Bitmap32Accumulator acc, Iterable<Bitmap32Accumulator> others) {
        for (Bitmap32Accumulator other : others) {
            acc.addCounts(other);
        }
    }

    public void resetAccumulator(Bitmap32Accumulator acc) {
        acc.clear();
    }
}
