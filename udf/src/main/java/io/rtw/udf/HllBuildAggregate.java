package io.rtw.udf;

import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.apache.flink.table.functions.AggregateFunction;
import org.apache.flink.table.functions.FunctionContext;

/**
 * Base of the aggregates that build an HLL sketch from ids ({@code hll_sketch}, {@code uv_hll}): ids are BIGINT, INT
 * (hashed as the same 64-bit value) or STRING (UTF-8), nulls are ignored, optional lgK and HLL type. Public only
 * because Flink's generated code calls the inherited methods; not meant to be extended outside this package.
 */
public abstract class HllBuildAggregate<T> extends AggregateFunction<T, HllAccumulator> {

    private static final long serialVersionUID = 1L;

    private final String name;
    private boolean ignoreRetract;

    HllBuildAggregate(String name) {
        this.name = name;
    }

    @Override
    public void open(FunctionContext context) {
        ignoreRetract = RtwFunctions.ignoreRetract(context);
    }

    @Override
    public HllAccumulator createAccumulator() {
        return new HllAccumulator();
    }

    public void accumulate(HllAccumulator acc, Long id) {
        if (id != null) {
            acc.union(name, Params.DEFAULT_LG_K, Params.DEFAULT_HLL_TYPE).update(id);
        }
    }

    public void accumulate(HllAccumulator acc, Integer id) {
        if (id != null) {
            acc.union(name, Params.DEFAULT_LG_K, Params.DEFAULT_HLL_TYPE).update(id.longValue());
        }
    }

    public void accumulate(HllAccumulator acc, String id) {
        if (id != null) {
            acc.union(name, Params.DEFAULT_LG_K, Params.DEFAULT_HLL_TYPE).update(id);
        }
    }

    public void accumulate(HllAccumulator acc, Long id, Integer lgK) {
        if (id != null) {
            union(acc, lgK, null).update(id);
        }
    }

    public void accumulate(HllAccumulator acc, Integer id, Integer lgK) {
        if (id != null) {
            union(acc, lgK, null).update(id.longValue());
        }
    }

    public void accumulate(HllAccumulator acc, String id, Integer lgK) {
        if (id != null) {
            union(acc, lgK, null).update(id);
        }
    }

    public void accumulate(HllAccumulator acc, Long id, Integer lgK, String type) {
        if (id != null) {
            union(acc, lgK, type).update(id);
        }
    }

    public void accumulate(HllAccumulator acc, Integer id, Integer lgK, String type) {
        if (id != null) {
            union(acc, lgK, type).update(id.longValue());
        }
    }

    public void accumulate(HllAccumulator acc, String id, Integer lgK, String type) {
        if (id != null) {
            union(acc, lgK, type).update(id);
        }
    }

    public void retract(HllAccumulator acc, Long id) {
        retracted(id);
    }

    public void retract(HllAccumulator acc, Integer id) {
        retracted(id);
    }

    public void retract(HllAccumulator acc, String id) {
        retracted(id);
    }

    public void retract(HllAccumulator acc, Long id, Integer lgK) {
        retracted(id);
    }

    public void retract(HllAccumulator acc, Integer id, Integer lgK) {
        retracted(id);
    }

    public void retract(HllAccumulator acc, String id, Integer lgK) {
        retracted(id);
    }

    public void retract(HllAccumulator acc, Long id, Integer lgK, String type) {
        retracted(id);
    }

    public void retract(HllAccumulator acc, Integer id, Integer lgK, String type) {
        retracted(id);
    }

    public void retract(HllAccumulator acc, String id, Integer lgK, String type) {
        retracted(id);
    }

    public void merge(HllAccumulator acc, Iterable<HllAccumulator> others) {
        for (HllAccumulator other : others) {
            acc.merge(name, other);
        }
    }

    public void resetAccumulator(HllAccumulator acc) {
        acc.reset();
    }

    private Union union(HllAccumulator acc, Integer lgK, String type) {
        if (acc.union != null && lgK != null && lgK == acc.lgK && (type == null ? acc.type == Params.DEFAULT_HLL_TYPE
                : type.equalsIgnoreCase(acc.type.name()))) {
            return acc.union;
        }
        TgtHllType t = type == null ? Params.DEFAULT_HLL_TYPE : Params.hllType(name, type);
        return acc.union(name, Params.lgK(name, lgK), t);
    }

    private void retracted(Object id) {
        if (id != null && !ignoreRetract) {
            throw Retraction.unsupported(name, "HyperLogLog");
        }
    }
}
