package io.rtw.udf;

/** {@code bitmap64_build(id BIGINT|INT|STRING)}: aggregate ids into a 64-bit Roaring bitmap (Paimon rbm64 bytes). */
public final class Bitmap64BuildFunction extends Bitmap64BuildAggregate<byte[]> {

    private static final long serialVersionUID = 1L;
    static final String NAME = "bitmap64_build";

    public Bitmap64BuildFunction() {}

    @Override
    public byte[] getValue(Bitmap64Accumulator acc) {
        return acc.positiveBytes();
    }
}
