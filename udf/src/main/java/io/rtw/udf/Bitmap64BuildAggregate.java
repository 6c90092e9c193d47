package io.rtw.udf;

import org.apache.flink.table.functions.AggregateFunction;

/**
 * Base of the aggregates that build an exact 64-bit bitmap from ids ({@code bitmap64_build}, {@code uv_bitmap64}):
 * BIGINT as is, INT widened to the same BIGINT, STRING hashed to 64 bits (approximate, see {@link Bitmaps#hash}).
 * Nulls are ignored; retraction is exact. Public only because Flink's generated code calls the inherited methods; not
 * meant to be extended outside this package.
 */
public abstract class Bitmap64BuildAggregate<T> extends AggregateFunction<T, Bitmap64Accumulator> {

    private static final long serialVersionUID = 1L;

    Bitmap64BuildAggregate() {}

    @Override
    public Bitmap64Accumulator createAccumulator() {
        return new Bitmap64Accumulator();
    }

    public void accumulate(Bitmap64Accumulator acc, Long id) {
        if (id != null) {
            acc.increment(id);
        }
    }

    public void accumulate(Bitmap64Accumulator acc, Integer id) {
        if (id != null) {
            acc.increment(id.longValue());
        }
    }

    public void accumulate(Bitmap64Accumulator acc, String id) {
        if (id != null) {
            acc.increment(Bitmaps.hash(id));
        }
    }

    public void retract(Bitmap64Accumulator acc, Long id) {
        if (id != null) {
            acc.decrement(id);
        }
    }

    public void retract(Bitmap64Accumulator acc, Integer id) {
        if (id != null) {
            acc.decrement(id.longValue());
        }
    }

    public void retract(Bitmap64Accumulator acc, String id) {
        if (id != null) {
            acc.decrement(Bitmaps.hash(id));
        }
    }

    public void merge(Bitmap64Accumulator acc, Iterable<Bitmap64Accumulator> others) {
        for (Bitmap64Accumulator other : others) {
            acc.addCounts(other);
        }
    }

    public void resetAccumulator(Bitmap64Accumulator acc) {
        acc.clear();
    }
}
