package io.rtw.udf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The accumulators' serializers: round trips keep the estimate and parameters, copies are deep, snapshots restore. */
class AccumulatorSerializerTest {

    private static final long[] IDS = java.util.stream.LongStream.range(0, 20_000).map(i -> i * 31).toArray();

    @Test
    void hllRoundTripKeepsParametersAndEstimate() {
        UvHllFunction f = new UvHllFunction();
        HllAccumulator acc = f.createAccumulator();
        for (long id : IDS) {
            f.accumulate(acc, id, 13, "HLL_6");
        }
        HllAccumulatorSerializer s = new HllAccumulatorSerializer();
        HllAccumulator back = s.fromBytes(s.toBytes(acc));
        assertThat(back.lgK).isEqualTo(13);
        assertThat(back.type.toString()).isEqualTo("HLL_6");
        assertThat(f.getValue(back)).isEqualTo(f.getValue(acc));
        HllAccumulator copy = s.copy(acc);
        f.accumulate(copy, -1L, 13, "HLL_6");
        assertThat(s.toBytes(acc)).isEqualTo(s.toBytes(back));
        assertThat(s.fromBytes(s.toBytes(new HllAccumulator())).union).isNull();
    }

    @Test
    void thetaRoundTripKeepsKAndEstimate() {
        UvThetaFunction f = new UvThetaFunction();
        ThetaAccumulator acc = f.createAccumulator();
        for (long id : IDS) {
            f.accumulate(acc, id, 1024);
        }
        ThetaAccumulatorSerializer s = new ThetaAccumulatorSerializer();
        ThetaAccumulator back = s.fromBytes(s.toBytes(acc));
        assertThat(back.k).isEqualTo(1024);
        assertThat(f.getValue(back)).isEqualTo(f.getValue(acc));
        // Continuing after a restore gives the same result as never having stopped.
        for (long id = -5000; id < 0; id++) {
            f.accumulate(acc, id, 1024);
            f.accumulate(back, id, 1024);
        }
        assertThat(new ThetaSketchFunction().getValue(back)).isEqualTo(new ThetaSketchFunction().getValue(acc));
    }

    @Test
    void bitmapRoundTripKeepsMultiplicities() {
        Bitmap64BuildFunction f = new Bitmap64BuildFunction();
        Bitmap64Accumulator acc = f.createAccumulator();
        for (long id : IDS) {
            f.accumulate(acc, id % 1000);
        }
        Bitmap64AccumulatorSerializer s = new Bitmap64AccumulatorSerializer();
        Bitmap64Accumulator back = s.fromBytes(s.toBytes(acc));
        for (int i = 0; i < 19; i++) {
            f.retract(back, 0L);
        }
        assertThat(f.getValue(back)).isEqualTo(f.getValue(acc));
        f.retract(back, 0L);
        assertThat(new Bitmap64CardinalityFunction().eval(f.getValue(back))).isEqualTo(999L);

        Bitmap32AccumulatorSerializer s32 = new Bitmap32AccumulatorSerializer();
        Bitmap32Accumulator a32 = new Bitmap32Accumulator();
        a32.increment(-3);
        a32.decrement(4);
        Bitmap32Accumulator copy = s32.copy(a32);
        copy.increment(4);
        assertThat(a32.positiveCount()).isEqualTo(1L);
        assertThat(copy.positiveCount()).isEqualTo(1L);
        assertThat(s32.fromBytes(s32.toBytes(a32)).positive()).isEqualTo(a32.positive());
    }

    @Test
    void snapshotsRestoreTheSameSerializer() throws Exception {
        for (AccumulatorSerializer<?> serializer : List.of(new HllAccumulatorSerializer(), new ThetaAccumulatorSerializer(),
                new Bitmap32AccumulatorSerializer(), new Bitmap64AccumulatorSerializer())) {
            restoresItself(serializer);
        }
    }

    private static <T> void restoresItself(TypeSerializer<T> serializer) throws Exception {
        TypeSerializerSnapshot<T> snapshot = serializer.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        TypeSerializerSnapshot<T> read = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), AccumulatorSerializerTest.class.getClassLoader());
        assertThat(read.restoreSerializer()).isEqualTo(serializer);
        TypeSerializerSchemaCompatibility<T> compatibility = serializer.snapshotConfiguration().resolveSchemaCompatibility(read);
        assertThat(compatibility.isCompatibleAsIs()).isTrue();
    }
}
