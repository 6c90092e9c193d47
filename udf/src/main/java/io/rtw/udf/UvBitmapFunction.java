package io.rtw.udf;

/** {@code uv_bitmap(id INT)}: the exact number of distinct INT ids, {@code bitmap_cardinality(bitmap_build(id))}. */
public final class UvBitmapFunction extends Bitmap32BuildAggregate<Long> {

    private static final long serialVersionUID = 1L;
    static final String NAME = "uv_bitmap";

    public UvBitmapFunction() {}

    @Override
    public Long getValue(Bitmap32Accumulator acc) {
        return acc.positiveCount();
    }
}
