package io.rtw.udf;

import java.io.IOException;

import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializer of {@link HllAccumulator}. Format v1: byte version (1), byte lgK (0 = untouched accumulator, nothing
 * follows), byte HLL type (4, 6 or 8), int length, the union's compact HLL_8 sketch bytes.
 */
public final class HllAccumulatorSerializer extends AccumulatorSerializer<HllAccumulator> {

    private static final long serialVersionUID = 1L;
    static final int VERSION = 1;

    public HllAccumulatorSerializer() {}

    @Override
    void write(HllAccumulator acc, DataOutputView out) throws IOException {
        out.writeByte(VERSION);
        if (acc.union == null) {
            out.writeByte(0);
            return;
        }
        out.writeByte(acc.lgK);
        out.writeByte(typeCode(acc.type));
        byte[] bytes = acc.union.toCompactByteArray();
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    @Override
    HllAccumulator read(DataInputView in) throws IOException {
        checkVersion("HllAccumulator", VERSION, in.readUnsignedByte());
        HllAccumulator acc = new HllAccumulator();
        int lgK = in.readUnsignedByte();
        if (lgK == 0) {
            return acc;
        }
        TgtHllType type = type(in.readUnsignedByte());
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        Union union = acc.union("HllAccumulator", lgK, type);
        union.update(HllSketch.heapify(bytes));
        return acc;
    }

    @Override
    public HllAccumulator createInstance() {
        return new HllAccumulator();
    }

    private static int typeCode(TgtHllType type) {
        switch (type) {
            case HLL_4: return 4;
            case HLL_6: return 6;
            default: return 8;
        }
    }

    private static TgtHllType type(int code) throws IOException {
        switch (code) {
            case 4: return TgtHllType.HLL_4;
            case 6: return TgtHllType.HLL_6;
            case 8: return TgtHllType.HLL_8;
            default: throw new IOException("Unknown HLL type code " + code + " in HllAccumulator state");
        }
    }

    @Override
    public TypeSerializerSnapshot<HllAccumulator> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of the stateless {@link HllAccumulatorSerializer}. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<HllAccumulator> {
        public Snapshot() {
            super(HllAccumulatorSerializer::new);
        }
    }
}
