package io.rtw.udf;

import java.io.IOException;

import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.theta.Sketch;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializer of {@link ThetaAccumulator}. Format v1: byte version (1), int k (0 = untouched accumulator, nothing
 * follows), int length, the union's compact ordered result (the canonical k smallest hashes).
 */
public final class ThetaAccumulatorSerializer extends AccumulatorSerializer<ThetaAccumulator> {

    private static final long serialVersionUID = 1L;
    static final int VERSION = 1;

    public ThetaAccumulatorSerializer() {}

    @Override
    void write(ThetaAccumulator acc, DataOutputView out) throws IOException {
        out.writeByte(VERSION);
        if (acc.union == null) {
            out.writeInt(0);
            return;
        }
        out.writeInt(acc.k);
        byte[] bytes = Theta.result(acc.union);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    @Override
    ThetaAccumulator read(DataInputView in) throws IOException {
        checkVersion("ThetaAccumulator", VERSION, in.readUnsignedByte());
        ThetaAccumulator acc = new ThetaAccumulator();
        int k = in.readInt();
        if (k == 0) {
            return acc;
        }
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        acc.union("ThetaAccumulator", k).union(Sketch.wrap(Memory.wrap(bytes)));
        return acc;
    }

    @Override
    public ThetaAccumulator createInstance() {
        return new ThetaAccumulator();
    }

    @Override
    public TypeSerializerSnapshot<ThetaAccumulator> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of the stateless {@link ThetaAccumulatorSerializer}. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ThetaAccumulator> {
        public Snapshot() {
            super(ThetaAccumulatorSerializer::new);
        }
    }
}
