package io.rtw.udf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;
import org.roaringbitmap.longlong.Roaring64Bitmap;

/** Bitmap functions: exact counts, exact retraction (multiplicities), merges of partial counts, set operations. */
class BitmapFunctionsTest {

    @Test
    void retractionKeepsAnIdThatWasAddedMoreOftenThanRetracted() {
        UvBitmap64Function uv = new UvBitmap64Function();
        Bitmap64Accumulator acc = uv.createAccumulator();
        uv.accumulate(acc, 5L);
        uv.accumulate(acc, 5L);
        uv.accumulate(acc, 6L);
        uv.retract(acc, 5L);
        assertThat(uv.getValue(acc)).isEqualTo(2L);
        uv.retract(acc, 5L);
        assertThat(uv.getValue(acc)).isEqualTo(1L);
        uv.retract(acc, 6L);
        assertThat(uv.getValue(acc)).isZero();

        UvBitmapFunction uv32 = new UvBitmapFunction();
        Bitmap32Accumulator a32 = uv32.createAccumulator();
        uv32.accumulate(a32, -1);
        uv32.accumulate(a32, -1);
        uv32.retract(a32, -1);
        assertThat(uv32.getValue(a32)).isEqualTo(1L);
        assertThat(RoaringBitmap.bitmapOf(-1).getLongCardinality()).isEqualTo(1L);
    }

    @Test
    void partialAccumulatorsWithNegativeCountsMergeExactly() {
        // A local aggregate saw the retraction of id 9 before another one saw its addition.
        UvBitmap64Function uv = new UvBitmap64Function();
        Bitmap64Accumulator early = uv.createAccumulator();
        uv.retract(early, 9L);
        uv.accumulate(early, 1L);
        Bitmap64Accumulator late = uv.createAccumulator();
        uv.accumulate(late, 9L);
        uv.accumulate(late, 9L);
        assertThat(uv.getValue(early)).isEqualTo(1L);
        Bitmap64Accumulator global = uv.createAccumulator();
        uv.merge(global, List.of(early, late));
        assertThat(uv.getValue(global)).isEqualTo(2L);
        Bitmap64AccumulatorSerializer serializer = new Bitmap64AccumulatorSerializer();
        assertThat(uv.getValue(serializer.fromBytes(serializer.toBytes(global)))).isEqualTo(2L);
    }

    /** Random adds, retractions (only of added ids, as Flink does), partial accumulators and merges against a counting oracle. */
    @Test
    void countsMatchACountingOracle() {
        Random random = new Random(17);
        for (int round = 0; round < 20; round++) {
            Map<Long, Integer> oracle = new HashMap<>();
            List<Long> added = new ArrayList<>();
            int parts = 1 + random.nextInt(4);
            List<Bitmap64Accumulator> partials = new ArrayList<>();
            for (int p = 0; p < parts; p++) {
                partials.add(new Bitmap64Accumulator());
            }
            for (int op = 0; op < 3000; op++) {
                Bitmap64Accumulator acc = partials.get(random.nextInt(parts));
                if (added.isEmpty() || random.nextInt(3) > 0) {
                    long id = random.nextInt(200) * (1L << 33) + random.nextInt(50);
                    acc.increment(id);
                    oracle.merge(id, 1, Integer::sum);
                    added.add(id);
                } else {
                    long id = added.remove(random.nextInt(added.size()));
                    acc.decrement(id);
                    oracle.merge(id, -1, Integer::sum);
                }
            }
            Bitmap64Accumulator global = new Bitmap64Accumulator();
            partials.forEach(global::addCounts);
            Roaring64Bitmap expected = new Roaring64Bitmap();
            oracle.forEach((id, c) -> {
                if (c > 0) {
                    expected.addLong(id);
                }
            });
            assertThat(Bitmaps.read64("test", global.positiveBytes())).isEqualTo(expected);
            assertThat(global.positiveCount()).isEqualTo(expected.getLongCardinality());
        }
    }

    @Test
    void unionRetractsWholePieces() {
        BitmapUnionFunction union = new BitmapUnionFunction();
        Bitmap32Accumulator acc = union.createAccumulator();
        byte[] a = Bitmaps.write32(RoaringBitmap.bitmapOf(1, 2, 3));
        byte[] b = Bitmaps.write32(RoaringBitmap.bitmapOf(3, 4));
        union.accumulate(acc, a);
        union.accumulate(acc, b);
        union.retract(acc, a);
        assertThat(Bitmaps.read32("t", union.getValue(acc))).isEqualTo(RoaringBitmap.bitmapOf(3, 4));
        union.retract(acc, b);
        assertThat(new BitmapCardinalityFunction().eval(union.getValue(acc))).isZero();

        Bitmap64UnionFunction union64 = new Bitmap64UnionFunction();
        Bitmap64Accumulator acc64 = union64.createAccumulator();
        byte[] c = Bitmaps.write64(Roaring64Bitmap.bitmapOf(1L << 40, 2));
        union64.accumulate(acc64, c);
        union64.accumulate(acc64, c);
        union64.retract(acc64, c);
        assertThat(new Bitmap64CardinalityFunction().eval(union64.getValue(acc64))).isEqualTo(2L);
    }

    @Test
    void setOperationsAndBounds() {
        byte[] a = Bitmaps.write32(RoaringBitmap.bitmapOf(1, 2, 3, -5));
        byte[] b = Bitmaps.write32(RoaringBitmap.bitmapOf(3, -5, 9));
        assertThat(Bitmaps.read32("t", new BitmapIntersectFunction().eval(a, b))).isEqualTo(RoaringBitmap.bitmapOf(3, -5));
        assertThat(Bitmaps.read32("t", new BitmapDifferenceFunction().eval(a, b))).isEqualTo(RoaringBitmap.bitmapOf(1, 2));
        assertThat(new BitmapCardinalityFunction().eval(new BitmapMergeFunction().eval(a, b))).isEqualTo(5L);
        assertThat(new BitmapCardinalityFunction().eval(new BitmapMergeFunction().eval(null, b))).isEqualTo(3L);
        assertThat(new BitmapIntersectFunction().eval(a, null)).isNull();
        assertThat(new BitmapBoundsFunction().eval(a, 2).<Double>getFieldAs(0)).isEqualTo(4.0);
        assertThat(new BitmapBoundsFunction().eval(a, 2).<Double>getFieldAs(1)).isEqualTo(4.0);

        byte[] c = Bitmaps.write64(Roaring64Bitmap.bitmapOf(1L << 40, 2, -1L));
        byte[] d = Bitmaps.write64(Roaring64Bitmap.bitmapOf(2, -1L, 7));
        assertThat(Bitmaps.read64("t", new Bitmap64IntersectFunction().eval(c, d))).isEqualTo(Roaring64Bitmap.bitmapOf(2, -1L));
        assertThat(Bitmaps.read64("t", new Bitmap64DifferenceFunction().eval(c, d))).isEqualTo(Roaring64Bitmap.bitmapOf(1L << 40));
        assertThat(new Bitmap64CardinalityFunction().eval(new Bitmap64MergeFunction().eval(c, d))).isEqualTo(4L);
        assertThat(new Bitmap64BoundsFunction().eval(c, 1).<Double>getFieldAs(1)).isEqualTo(3.0);
        assertThatThrownBy(() -> new Bitmap64CardinalityFunction().eval(new byte[] {1}))
                .hasMessageStartingWith("bitmap64_cardinality: argument is not a 64-bit Roaring bitmap");
        assertThatThrownBy(() -> new BitmapBoundsFunction().eval(a, 0))
                .hasMessageStartingWith("bitmap_bounds: stddevs must be 1, 2 or 3");
    }

    @Test
    void stringIdsAreHashedToSixtyFourBits() {
        Bitmap64BuildFunction build = new Bitmap64BuildFunction();
        Bitmap64Accumulator acc = build.createAccumulator();
        build.accumulate(acc, "alice");
        build.accumulate(acc, "bob");
        build.accumulate(acc, "alice");
        build.accumulate(acc, (String) null);
        Roaring64Bitmap bitmap = Bitmaps.read64("t", build.getValue(acc));
        assertThat(bitmap.getLongCardinality()).isEqualTo(2L);
        // The documented hash: first half of MurmurHash3_x64_128 of the UTF-8 bytes with seed 9001.
        long alice = org.apache.datasketches.hash.MurmurHash3.hash("alice".getBytes(java.nio.charset.StandardCharsets.UTF_8), 9001L)[0];
        assertThat(bitmap.contains(alice)).isTrue();
    }
}
