package io.rtw.udf;

/** {@code theta_sketch(id [, k])}: aggregate ids into a DataSketches Theta sketch (compact ordered bytes). */
public final class ThetaSketchFunction extends ThetaBuildAggregate<byte[]> {

    private static final long serialVersionUID = 1L;
    static final String NAME = "theta_sketch";

    public ThetaSketchFunction() {
        super(NAME);
    }

    @Override
    public byte[] getValue(ThetaAccumulator acc) {
        return acc.sketchBytes();
    }
}
