package io.rtw.udf;

/** {@code uv_bitmap64(id BIGINT|INT|STRING)}: the number of distinct ids, {@code bitmap64_cardinality(bitmap64_build(id))}. */
public final class UvBitmap64Function extends Bitmap64BuildAggregate<Long> {

    private static final long serialVersionUID = 1L;
    static final String NAME = "uv_bitmap64";

    public UvBitmap64Function() {}

    @Override
    public Long getValue(Bitmap64Accumulator acc) {
        return acc.positiveCount();
    }
}
