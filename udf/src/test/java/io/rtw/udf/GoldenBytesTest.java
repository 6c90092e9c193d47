package io.rtw.udf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.theta.SetOperation;
import org.apache.datasketches.theta.Sketch;
import org.apache.datasketches.theta.Union;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;
import org.roaringbitmap.longlong.Roaring64Bitmap;

/**
 * Pins every stored byte layout: the summaries the functions return (read by Paimon and other engines) and the
 * accumulators' state format (checkpoints). Each golden file is (a) what today's code produces from a fixed id set and
 * (b) readable by the raw library with the expected estimate. Regenerate only on purpose, with
 * {@code -Drtw.golden.update=true}, and say why in the commit.
 */
class GoldenBytesTest {

    private static final Path DIR = Path.of("src/test/resources/golden");

    private static final long[] SMALL = LongStream.rangeClosed(1, 100).toArray();
    private static final long[] LARGE = LongStream.rangeClosed(1, 10_000).toArray();
    private static final long[] WIDE = LongStream.concat(LongStream.rangeClosed(1, 100),
            LongStream.of(1L << 40, (1L << 40) + 1, -1L, Long.MAX_VALUE)).toArray();
    private static final int[] INTS = IntStream.concat(IntStream.rangeClosed(0, 99),
            IntStream.concat(IntStream.range(1 << 20, (1 << 20) + 5000), IntStream.of(-1, Integer.MIN_VALUE))).toArray();
    private static final String[] NAMES = IntStream.range(0, 100).mapToObj(i -> "user-" + i).toArray(String[]::new);

    /** File name to the bytes today's code produces. */
    private static Map<String, Supplier<byte[]>> producers() {
        Map<String, Supplier<byte[]>> m = new LinkedHashMap<>();
        m.put("hll_sketch-lgk12-hll4-1..100.bin", () -> Aggs.hll(new HllSketchFunction(), SMALL));
        m.put("hll_sketch-lgk12-hll4-1..10000.bin", () -> Aggs.hll(new HllSketchFunction(), LARGE));
        m.put("hll_sketch-lgk10-hll8-1..10000.bin", () -> {
            HllSketchFunction f = new HllSketchFunction();
            HllAccumulator acc = f.createAccumulator();
            for (long id : LARGE) {
                f.accumulate(acc, id, 10, "HLL_8");
            }
            return f.getValue(acc);
        });
        m.put("theta_sketch-k4096-1..100.bin", () -> Aggs.theta(new ThetaSketchFunction(), SMALL));
        m.put("theta_sketch-k16-1..10000.bin", () -> {
            ThetaSketchFunction f = new ThetaSketchFunction();
            ThetaAccumulator acc = f.createAccumulator();
            for (long id : LARGE) {
                f.accumulate(acc, id, 16);
            }
            return f.getValue(acc);
        });
        m.put("bitmap_build-ints.bin", () -> Aggs.bitmap32(new BitmapBuildFunction(), INTS));
        m.put("bitmap64_build-wide.bin", () -> Aggs.bitmap64(new Bitmap64BuildFunction(), WIDE));
        m.put("bitmap64_build-names.bin", () -> Aggs.bitmap64Strings(new Bitmap64BuildFunction(), NAMES));
        m.put("state-hll-v1.bin", () -> {
            HllAccumulator acc = new HllAccumulator();
            for (long id : SMALL) {
                new HllSketchFunction().accumulate(acc, id, 11, "HLL_6");
            }
            return new HllAccumulatorSerializer().toBytes(acc);
        });
        m.put("state-theta-v1.bin", () -> {
            ThetaAccumulator acc = new ThetaAccumulator();
            for (long id : LARGE) {
                new ThetaSketchFunction().accumulate(acc, id, 32);
            }
            return new ThetaAccumulatorSerializer().toBytes(acc);
        });
        // The v1 (bit-sliced counts) and v2 (no count blocks) bitmap states are no longer written; their files stay
        // as inputs of the restore test, which checks that they read as the same counts as the v3 files.
        m.put("state-bitmap32-v3.bin", () -> new Bitmap32AccumulatorSerializer().toBytes(multiplicities32()));
        m.put("state-bitmap64-v3.bin", () -> new Bitmap64AccumulatorSerializer().toBytes(multiplicities64()));
        m.put("state-bitmap64-v3-dense.bin", () -> new Bitmap64AccumulatorSerializer().toBytes(dense64()));
        return m;
    }

    /** Ids 0..99 with count (id % 4) - 1, i.e. -1, 0, 1 and 2. */
    private static Bitmap32Accumulator multiplicities32() {
        Bitmap32Accumulator acc = new Bitmap32Accumulator();
        for (int id = 0; id < 100; id++) {
            for (int c = 0; c < id % 4; c++) {
                acc.increment(id);
            }
            acc.decrement(id);
        }
        return acc;
    }

    private static Bitmap64Accumulator multiplicities64() {
        Bitmap64Accumulator acc = new Bitmap64Accumulator();
        for (long id = 0; id < 100; id++) {
            for (int c = 0; c < id % 4; c++) {
                acc.increment(id << 33);
            }
            acc.decrement(id << 33);
        }
        return acc;
    }

    /**
     * A dense container (ids 2^40 + 1..10,000, count id % 3 + 1, one id 300 times) and a sparse one (2^41: count 2):
     * one count block, and the counts outside it (300, 2^41's) as varints.
     */
    private static Bitmap64Accumulator dense64() {
        Bitmap64Accumulator acc = new Bitmap64Accumulator();
        for (long id = 1; id <= 10_000; id++) {
            for (int c = 0; c <= id % 3; c++) {
                acc.increment((1L << 40) + id);
            }
        }
        for (int c = 0; c < 299; c++) {
            acc.increment((1L << 40) + 3);
        }
        acc.increment(1L << 41);
        acc.increment(1L << 41);
        return acc;
    }

    @Test
    void todaysCodeProducesTheGoldenBytes() throws IOException {
        boolean update = Boolean.getBoolean("rtw.golden.update");
        for (Map.Entry<String, Supplier<byte[]>> golden : producers().entrySet()) {
            byte[] produced = golden.getValue().get();
            Path file = DIR.resolve(golden.getKey());
            if (update && !(Files.exists(file) && Arrays.equals(Files.readAllBytes(file), produced))) {
                // Written only when asked, and the run that wrote it fails: a test never passes on what it just wrote.
                Files.createDirectories(DIR);
                Files.write(file, produced);
                throw new AssertionError("golden file " + file + " rewritten: say why in the commit, then run again "
                        + "without -Drtw.golden.update");
            }
            assertThat(produced).as(golden.getKey()).isEqualTo(read(golden.getKey()));
        }
    }

    @Test
    void theLibrariesReadTheGoldenSummaries() throws IOException {
        assertThat(HllSketch.heapify(read("hll_sketch-lgk12-hll4-1..100.bin")).getCompositeEstimate())
                .isEqualTo(rawHll(12, TgtHllType.HLL_4, SMALL)).isCloseTo(100.0, org.assertj.core.data.Offset.offset(0.01));
        HllSketch large = HllSketch.heapify(read("hll_sketch-lgk12-hll4-1..10000.bin"));
        assertThat(large.getTgtHllType()).isEqualTo(TgtHllType.HLL_4);
        assertThat(large.getCompositeEstimate()).isEqualTo(rawHll(12, TgtHllType.HLL_4, LARGE));
        HllSketch hll8 = HllSketch.heapify(read("hll_sketch-lgk10-hll8-1..10000.bin"));
        assertThat(hll8.getLgConfigK()).isEqualTo(10);
        assertThat(hll8.getTgtHllType()).isEqualTo(TgtHllType.HLL_8);
        assertThat(hll8.getCompositeEstimate()).isEqualTo(rawHll(10, TgtHllType.HLL_8, LARGE));

        Sketch exact = Sketch.wrap(Memory.wrap(read("theta_sketch-k4096-1..100.bin")));
        assertThat(exact.getEstimate()).isEqualTo(100.0);
        Union union = SetOperation.builder().setNominalEntries(16).buildUnion();
        LongStream.of(LARGE).forEach(union::update);
        assertThat(Sketch.wrap(Memory.wrap(read("theta_sketch-k16-1..10000.bin"))).getEstimate())
                .isEqualTo(union.getResult().getEstimate());

        RoaringBitmap ints = new RoaringBitmap();
        ints.deserialize(ByteBuffer.wrap(read("bitmap_build-ints.bin")));
        assertThat(ints).isEqualTo(RoaringBitmap.bitmapOf(INTS));
        assertThat(read64("bitmap64_build-wide.bin")).isEqualTo(Roaring64Bitmap.bitmapOf(WIDE));
        assertThat(read64("bitmap64_build-names.bin").getLongCardinality()).isEqualTo(100L);
    }

    @Test
    void todaysCodeRestoresTheGoldenState() throws IOException {
        HllAccumulator hll = new HllAccumulatorSerializer().fromBytes(read("state-hll-v1.bin"));
        assertThat(hll.lgK).isEqualTo(11);
        assertThat(hll.type).isEqualTo(TgtHllType.HLL_6);
        assertThat(hll.estimate()).isEqualTo(rawHll(11, TgtHllType.HLL_6, SMALL));
        ThetaAccumulator theta = new ThetaAccumulatorSerializer().fromBytes(read("state-theta-v1.bin"));
        assertThat(theta.k).isEqualTo(32);
        Union union = SetOperation.builder().setNominalEntries(32).buildUnion();
        LongStream.of(LARGE).forEach(union::update);
        assertThat(theta.estimate()).isEqualTo(union.getResult().getEstimate());

        for (String version : new String[] {"v1", "v2", "v3"}) {
            Bitmap32AccumulatorSerializer s32 = new Bitmap32AccumulatorSerializer();
            Bitmap32Accumulator b32 = s32.fromBytes(read("state-bitmap32-" + version + ".bin"));
            RoaringBitmap expected32 = new RoaringBitmap();
            IntStream.range(0, 100).filter(id -> id % 4 >= 2).forEach(expected32::add);
            assertThat(b32.positive()).as(version).isEqualTo(expected32);
            for (int id = 0; id < 100; id++) {
                assertThat(b32.count(id)).as(version + " count of " + id).isEqualTo(id % 4 - 1);
            }
            // Read as v1, v2 or v3, the state is written as today's v3 bytes.
            assertThat(s32.toBytes(b32)).as(version).isEqualTo(read("state-bitmap32-v3.bin"));
            b32.increment(0);
            assertThat(b32.positive().contains(0)).isFalse();
            b32.increment(0);
            assertThat(b32.positive().contains(0)).isTrue();

            Bitmap64AccumulatorSerializer s64 = new Bitmap64AccumulatorSerializer();
            Bitmap64Accumulator b64 = s64.fromBytes(read("state-bitmap64-" + version + ".bin"));
            assertThat(b64.positiveCount()).as(version).isEqualTo(50L);
            for (long id = 0; id < 100; id++) {
                assertThat(b64.count(id << 33)).as(version + " count of " + id).isEqualTo((int) (id % 4) - 1);
            }
            assertThat(s64.toBytes(b64)).as(version).isEqualTo(read("state-bitmap64-v3.bin"));
        }
        Bitmap64AccumulatorSerializer s64 = new Bitmap64AccumulatorSerializer();
        byte[] dense = read("state-bitmap64-v3-dense.bin");
        Bitmap64Accumulator d = s64.fromBytes(dense);
        assertThat(d.counts.dense((1L << 40) + 1)).isTrue();
        assertThat(d.positiveCount()).isEqualTo(10_001L);
        for (long id = 1; id <= 10_000; id++) {
            assertThat(d.count((1L << 40) + id)).as("count of " + id).isEqualTo(id == 3 ? 300 : (int) (id % 3) + 1);
        }
        assertThat(d.count(1L << 41)).isEqualTo(2);
        assertThat(s64.toBytes(d)).isEqualTo(dense);
        // After the present set: block count, key, positions (ids 1, 2, 4, 5, 7 of the first eight: 0 is absent, 3's
        // 300 is kept outside the block, 6 counts 1), then the counts of the positions in order (id 2^40 + 1:
        // 1 % 3 + 1, id 2^40 + 2: 2 % 3 + 1).
        int presentLength = java.nio.ByteBuffer.wrap(dense, 1, 4).getInt();
        int at = 1 + 4 + presentLength;
        assertThat(java.nio.ByteBuffer.wrap(dense, at, 4).getInt()).isEqualTo(1);
        assertThat(java.nio.ByteBuffer.wrap(dense, at + 4, 8).getLong()).isEqualTo(1L << 24);
        assertThat(dense[at + 12] & 0xFF).isEqualTo(0b1011_0110);
        assertThat(dense[at + 12 + 8192] & 0xFF).isEqualTo(2);
        assertThat(dense[at + 12 + 8192 + 1] & 0xFF).isEqualTo(3);
        // A damaged block is refused with the reason, not read as other counts.
        byte[] one = dense.clone();
        one[at + 12 + 8192] = 1;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s64.fromBytes(one))
                .hasStackTraceContaining("count below 2 in the block of key " + (1L << 24));
        byte[] absent = dense.clone();
        absent[at + 12] = (byte) 0b1011_0101; // id 2^40 + 0 in place of 1: not present
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s64.fromBytes(absent))
                .hasStackTraceContaining("for ids that are not present or not dense");
    }

    private static double rawHll(int lgK, TgtHllType type, long[] ids) {
        HllSketch sketch = new HllSketch(lgK, type);
        LongStream.of(ids).forEach(sketch::update);
        return sketch.getCompositeEstimate();
    }

    private static Roaring64Bitmap read64(String name) throws IOException {
        Roaring64Bitmap bitmap = new Roaring64Bitmap();
        bitmap.deserialize(new DataInputStream(new ByteArrayInputStream(read(name))));
        return bitmap;
    }

    private static byte[] read(String name) throws IOException {
        try (InputStream in = GoldenBytesTest.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                return Files.exists(DIR.resolve(name)) ? Files.readAllBytes(DIR.resolve(name)) : new byte[0];
            }
            return in.readAllBytes();
        }
    }
}
