package io.rtw.udf;

/** {@code uv_theta(id [, k])}: the rounded Theta estimate of distinct ids, {@code ROUND(theta_estimate(theta_sketch(id)))}. */
public final class UvThetaFunction extends ThetaBuildAggregate<Long> {

    private static final long serialVersionUID = 1L;
    static final String NAME = "uv_theta";

    public UvThetaFunction() {
        super(NAME);
    }

    @Override
    public Long getValue(ThetaAccumulator acc) {
        return Math.round(acc.estimate());
    }
}
