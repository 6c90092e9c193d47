package io.rtw.udf;

/** {@code bitmap_build(id INT)}: aggregate INT ids into an exact 32-bit Roaring bitmap (portable bytes, Paimon rbm32). */
public final class BitmapBuildFunction extends Bitmap32BuildAggregate<byte[]> {

    private static final long serialVersionUID = 1L;
    static final String NAME = "bitmap_build";

    public BitmapBuildFunction() {}

    @Override
    public byte[] getValue(Bitmap32Accumulator acc) {
        return Bitmaps.write32(acc.positive());
    }
}
