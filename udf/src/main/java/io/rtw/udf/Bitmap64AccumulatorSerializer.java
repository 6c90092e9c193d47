package io.rtw.udf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.LongConsumer;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/**
 * Serializer of {@link Bitmap64Accumulator}; sets in Roaring64Bitmap's portable format, v1 slices in
 * {@code Roaring64Bitmap.serialize}'s (see {@link CountedIdsSerializer}).
 */
public final class Bitmap64AccumulatorSerializer extends CountedIdsSerializer<Bitmap64Accumulator> {

    private static final long serialVersionUID = 1L;

    public Bitmap64AccumulatorSerializer() {}

    @Override
    String name() {
        return "Bitmap64Accumulator";
    }

    @Override
    byte[] bytes(LongBitmap set) {
        return set.toPortableBytes();
    }

    @Override
    LongBitmap set(byte[] bytes) {
        try {
            return LongBitmap.readPortable(ByteBuffer.wrap(bytes));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(name() + ": not a portable 64-bit Roaring bitmap (" + bytes.length
                    + " bytes): " + e.getMessage(), e);
        }
    }

    @Override
    void forEachInSlice(byte[] bytes, LongConsumer action) {
        Bitmaps.read64(name(), bytes).forEach(action::accept);
    }

    @Override
    public Bitmap64Accumulator createInstance() {
        return new Bitmap64Accumulator();
    }

    @Override
    public TypeSerializerSnapshot<Bitmap64Accumulator> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of the stateless {@link Bitmap64AccumulatorSerializer}. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Bitmap64Accumulator> {
        public Snapshot() {
            super(Bitmap64AccumulatorSerializer::new);
        }
    }
}
