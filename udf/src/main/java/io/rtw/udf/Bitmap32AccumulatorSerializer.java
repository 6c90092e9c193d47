package io.rtw.udf;

import java.util.function.LongConsumer;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/** Serializer of {@link Bitmap32Accumulator}; sets in RoaringBitmap's portable format (see {@link CountedIdsSerializer}). */
public final class Bitmap32AccumulatorSerializer extends CountedIdsSerializer<Bitmap32Accumulator> {

    private static final long serialVersionUID = 1L;

    public Bitmap32AccumulatorSerializer() {}

    @Override
    String name() {
        return "Bitmap32Accumulator";
    }

    @Override
    byte[] bytes(LongBitmap set) {
        return Bitmaps.serialize32(set.toRoaring32(false));
    }

    @Override
    LongBitmap set(byte[] bytes) {
        return LongBitmap.of(Bitmaps.read32(name(), bytes));
    }

    @Override
    void forEachInSlice(byte[] bytes, LongConsumer action) {
        Bitmaps.read32(name(), bytes).forEach((int id) -> action.accept(Integer.toUnsignedLong(id)));
    }

    @Override
    public Bitmap32Accumulator createInstance() {
        return new Bitmap32Accumulator();
    }

    @Override
    public TypeSerializerSnapshot<Bitmap32Accumulator> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of the stateless {@link Bitmap32AccumulatorSerializer}. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Bitmap32Accumulator> {
        public Snapshot() {
            super(Bitmap32AccumulatorSerializer::new);
        }
    }
}
