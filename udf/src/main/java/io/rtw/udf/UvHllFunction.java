package io.rtw.udf;

/** {@code uv_hll(id [, lgK [, type]])}: the rounded HLL estimate of distinct ids, {@code ROUND(hll_estimate(hll_sketch(id)))}. */
public final class UvHllFunction extends HllBuildAggregate<Long> {

    private static final long serialVersionUID = 1L;
    static final String NAME = "uv_hll";

    public UvHllFunction() {
        super(NAME);
    }

    @Override
    public Long getValue(HllAccumulator acc) {
        return Math.round(acc.estimate());
    }
}
