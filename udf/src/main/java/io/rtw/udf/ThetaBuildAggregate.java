package io.rtw.udf;

import org.apache.datasketches.theta.Union;
import org.apache.flink.table.functions.AggregateFunction;
import org.apache.flink.table.functions.FunctionContext;

/**
 * Base of the aggregates that build a Theta sketch from ids ({@code theta_sketch}, {@code uv_theta}): ids are BIGINT,
 * INT (hashed as the same 64-bit value) or STRING (UTF-8), nulls are ignored, optional nominal entries k. Public only
 * because Flink's generated code calls the inherited methods; not meant to be extended outside this package.
 */
public abstract class ThetaBuildAggregate<T> extends AggregateFunction<T, ThetaAccumulator> {

    private static final long serialVersionUID = 1L;

    private final String name;
    private boolean ignoreRetract;

    ThetaBuildAggregate(String name) {
        this.name = name;
    }

    @Override
    public void open(FunctionContext context) {
        ignoreRetract = RtwFunctions.ignoreRetract(context);
    }

    @Override
    public ThetaAccumulator createAccumulator() {
        return new ThetaAccumulator();
    }

    public void accumulate(ThetaAccumulator acc, Long id) {
        if (id != null) {
            acc.union(name, Params.DEFAULT_K).update(id);
        }
    }

    public void accumulate(ThetaAccumulator acc, Integer id) {
        if (id != null) {
            acc.union(name, Params.DEFAULT_K).update(id.longValue());
        }
    }

    public void accumulate(ThetaAccumulator acc, String id) {
        if (id != null) {
            acc.union(name, Params.DEFAULT_K).update(id);
        }
    }

    public void accumulate(ThetaAccumulator acc, Long id, Integer k) {
        if (id != null) {
            union(acc, k).update(id);
        }
    }

    public void accumulate(ThetaAccumulator acc, Integer id, Integer k) {
        if (id != null) {
            union(acc, k).update(id.longValue());
        }
    }

    public void accumulate(ThetaAccumulator acc, String id, Integer k) {
        if (id != null) {
            union(acc, k).update(id);
        }
    }

    public void retract(ThetaAccumulator acc, Long id) {
        retracted(id);
    }

    public void retract(ThetaAccumulator acc, Integer id) {
        retracted(id);
    }

    public void retract(ThetaAccumulator acc, String id) {
        retracted(id);
    }

    public void retract(ThetaAccumulator acc, Long id, Integer k) {
        retracted(id);
    }

    public void retract(ThetaAccumulator acc, Integer id, Integer k) {
        retracted(id);
    }

    public void retract(ThetaAccumulator acc, String id, Integer k) {
        retracted(id);
    }

    public void merge(ThetaAccumulator acc, Iterable<ThetaAccumulator> others) {
        for (ThetaAccumulator other : others) {
            acc.merge(name, other);
        }
    }

    public void resetAccumulator(ThetaAccumulator acc) {
        acc.reset();
    }

    private Union union(ThetaAccumulator acc, Integer k) {
        if (acc.union != null && k != null && k == acc.k) {
            return acc.union;
        }
        return acc.union(name, Params.k(name, k));
    }

    private void retracted(Object id) {
        if (id != null && !ignoreRetract) {
            throw Retraction.unsupported(name, "Theta");
        }
    }
}
