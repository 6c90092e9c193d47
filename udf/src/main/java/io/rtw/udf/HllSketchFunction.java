package io.rtw.udf;

/** {@code hll_sketch(id [, lgK [, type]])}: aggregate ids into a DataSketches HLL sketch (compact bytes). */
public final class HllSketchFunction extends HllBuildAggregate<byte[]> {

    private static final long serialVersionUID = 1L;
    static final String NAME = "hll_sketch";

    public HllSketchFunction() {
        super(NAME);
    }

    @Override
    public byte[] getValue(HllAccumulator acc) {
        return acc.sketchBytes();
    }
}
