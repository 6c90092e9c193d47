package io.rtw.udf;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.theta.SetOperation;
import org.apache.datasketches.theta.Sketch;
import org.apache.datasketches.theta.UpdateSketch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.roaringbitmap.RoaringBitmap;
import org.roaringbitmap.longlong.Roaring64Bitmap;

/**
 * JMH benchmarks of the functions against the raw libraries in the same run (never run by the build; see
 * docs/benchmarks.md for the command). {@code accumulate*}: cost per id of building a summary from 100,000 events of
 * 50,000 users (ids repeat as in UV). {@code accumulate*1M}: the bitmaps on 1,000,000 events of the {@link Shape}s.
 * {@code accumulateRetract*}: the 100,000 events accumulated, then retracted. {@code union*}: one day from 1,440
 * per-minute summaries of 1,000,000 users (2,000,000 events), bytes in, result bytes out. {@code merge*}: the same day
 * as 1,440 per-minute accumulators merged into one (what window slicing does), result bytes out.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
public class UdfBenchmark {

    static final int EVENTS = 100_000;

    private Long[] boxedIds;
    private long[] ids;
    private int[] ints;

    private List<byte[]> hllPieces;
    private List<byte[]> thetaPieces;
    private List<byte[]> bitmapPieces;
    private List<byte[]> bitmap64Pieces;
    private List<Bitmap32Accumulator> bitmapMinutes;
    private List<Bitmap64Accumulator> bitmap64Minutes;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(1);
        ids = new long[EVENTS];
        boxedIds = new Long[EVENTS];
        ints = new int[EVENTS];
        for (int i = 0; i < EVENTS; i++) {
            int user = random.nextInt(50_000);
            ids[i] = 10_000_000_000L + user * 7919L;
            boxedIds[i] = ids[i];
            ints[i] = user * 7919;
        }
        long[][] minutes = SerializedSizes.day(2_000_000, 1_000_000, 2);
        hllPieces = new ArrayList<>();
        thetaPieces = new ArrayList<>();
        bitmapPieces = new ArrayList<>();
        bitmap64Pieces = new ArrayList<>();
        for (long[] minute : minutes) {
            hllPieces.add(Aggs.hll(new HllSketchFunction(), minute));
            thetaPieces.add(Aggs.theta(new ThetaSketchFunction(), minute));
            bitmapPieces.add(Aggs.bitmap32(new BitmapBuildFunction(), SerializedSizes.toInts(minute)));
            bitmap64Pieces.add(Aggs.bitmap64(new Bitmap64BuildFunction(), minute));
        }
        bitmapMinutes = new ArrayList<>();
        bitmap64Minutes = new ArrayList<>();
        for (long[] minute : minutes) {
            Bitmap32Accumulator acc32 = new Bitmap32Accumulator();
            for (int id : SerializedSizes.toInts(minute)) {
                acc32.increment(id);
            }
            bitmapMinutes.add(acc32);
            Bitmap64Accumulator acc64 = new Bitmap64Accumulator();
            for (long id : minute) {
                acc64.increment(id);
            }
            bitmap64Minutes.add(acc64);
        }
    }

    // ---- accumulate: cost per id --------------------------------------------------------------------------------

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public HllSketch accumulateHllRawSketch() {
        HllSketch sketch = new HllSketch(12, TgtHllType.HLL_4);
        for (long id : ids) {
            sketch.update(id);
        }
        return sketch;
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public HllAccumulator accumulateHllSketchFunction() {
        HllSketchFunction f = new HllSketchFunction();
        HllAccumulator acc = f.createAccumulator();
        for (Long id : boxedIds) {
            f.accumulate(acc, id);
        }
        return acc;
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public UpdateSketch accumulateThetaRawSketch() {
        UpdateSketch sketch = UpdateSketch.builder().setNominalEntries(4096).build();
        for (long id : ids) {
            sketch.update(id);
        }
        return sketch;
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public ThetaAccumulator accumulateThetaSketchFunction() {
        ThetaSketchFunction f = new ThetaSketchFunction();
        ThetaAccumulator acc = f.createAccumulator();
        for (Long id : boxedIds) {
            f.accumulate(acc, id);
        }
        return acc;
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public RoaringBitmap accumulateBitmapRaw() {
        RoaringBitmap bitmap = new RoaringBitmap();
        for (int id : ints) {
            bitmap.add(id);
        }
        return bitmap;
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Bitmap32Accumulator accumulateBitmapBuildFunction() {
        BitmapBuildFunction f = new BitmapBuildFunction();
        Bitmap32Accumulator acc = f.createAccumulator();
        for (int id : ints) {
            f.accumulate(acc, id);
        }
        return acc;
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Roaring64Bitmap accumulateBitmap64Raw() {
        Roaring64Bitmap bitmap = new Roaring64Bitmap();
        for (long id : ids) {
            bitmap.addLong(id);
        }
        return bitmap;
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Bitmap64Accumulator accumulateBitmap64BuildFunction() {
        Bitmap64BuildFunction f = new Bitmap64BuildFunction();
        Bitmap64Accumulator acc = f.createAccumulator();
        for (Long id : boxedIds) {
            f.accumulate(acc, id);
        }
        return acc;
    }

    /** Accumulate then retract the 100,000 events (the retractions in reverse order): cost per operation. */
    @Benchmark
    @OperationsPerInvocation(2 * EVENTS)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Bitmap32Accumulator accumulateRetractBitmapBuildFunction() {
        BitmapBuildFunction f = new BitmapBuildFunction();
        Bitmap32Accumulator acc = f.createAccumulator();
        for (int id : ints) {
            f.accumulate(acc, id);
        }
        for (int i = ints.length - 1; i >= 0; i--) {
            f.retract(acc, ints[i]);
        }
        return acc;
    }

    @Benchmark
    @OperationsPerInvocation(2 * EVENTS)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Bitmap64Accumulator accumulateRetractBitmap64BuildFunction() {
        Bitmap64BuildFunction f = new Bitmap64BuildFunction();
        Bitmap64Accumulator acc = f.createAccumulator();
        for (Long id : boxedIds) {
            f.accumulate(acc, id);
        }
        for (int i = boxedIds.length - 1; i >= 0; i--) {
            f.retract(acc, boxedIds[i]);
        }
        return acc;
    }

    // ---- accumulate, bitmaps: 1,000,000 events of realistic shapes -----------------------------------------------

    /**
     * 1,000,000 events in random order: {@code uv} 100,000 users (each about 10 times), {@code unique} 1,000,000
     * users (each once), {@code random} 1,000,000 random 64-bit ids (as STRING ids hashed by bitmap64; the 32-bit
     * benchmarks take their low halves). User u is id 10^10 + 7919·u (32-bit: 7919·u), scattered as in the day data.
     */
    @State(Scope.Benchmark)
    public static class Shape {

        static final int EVENTS = 1_000_000;

        @Param({"uv", "unique", "random"})
        public String shape;

        long[] ids;
        Long[] boxedIds;
        int[] ints;

        @Setup(Level.Trial)
        public void setUp() {
            Random random = new Random(5);
            ids = new long[EVENTS];
            boxedIds = new Long[EVENTS];
            ints = new int[EVENTS];
            for (int i = 0; i < EVENTS; i++) {
                long user = switch (shape) {
                    case "uv" -> random.nextInt(100_000);
                    case "unique" -> i;
                    case "random" -> random.nextLong();
                    default -> throw new IllegalArgumentException(shape);
                };
                ids[i] = shape.equals("random") ? user : 10_000_000_000L + user * 7919L;
                ints[i] = shape.equals("random") ? (int) user : (int) (user * 7919L);
            }
            for (int i = EVENTS - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                long t = ids[i];
                ids[i] = ids[j];
                ids[j] = t;
                int u = ints[i];
                ints[i] = ints[j];
                ints[j] = u;
            }
            for (int i = 0; i < EVENTS; i++) {
                boxedIds[i] = ids[i];
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(Shape.EVENTS)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public RoaringBitmap accumulateBitmapRaw1M(Shape data) {
        RoaringBitmap bitmap = new RoaringBitmap();
        for (int id : data.ints) {
            bitmap.add(id);
        }
        return bitmap;
    }

    @Benchmark
    @OperationsPerInvocation(Shape.EVENTS)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Bitmap32Accumulator accumulateBitmapBuildFunction1M(Shape data) {
        BitmapBuildFunction f = new BitmapBuildFunction();
        Bitmap32Accumulator acc = f.createAccumulator();
        for (int id : data.ints) {
            f.accumulate(acc, id);
        }
        return acc;
    }

    @Benchmark
    @OperationsPerInvocation(Shape.EVENTS)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Roaring64Bitmap accumulateBitmap64Raw1M(Shape data) {
        Roaring64Bitmap bitmap = new Roaring64Bitmap();
        for (long id : data.ids) {
            bitmap.addLong(id);
        }
        return bitmap;
    }

    @Benchmark
    @OperationsPerInvocation(Shape.EVENTS)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Bitmap64Accumulator accumulateBitmap64BuildFunction1M(Shape data) {
        Bitmap64BuildFunction f = new Bitmap64BuildFunction();
        Bitmap64Accumulator acc = f.createAccumulator();
        for (Long id : data.boxedIds) {
            f.accumulate(acc, id);
        }
        return acc;
    }

    // ---- a day's bitmap as each minute's window fire materializes it ------------------------------------------------

    /** The example day's {@code __all__} accumulator: 1,000,000 events of users 1 to 1,000,000 (dense containers). */
    @State(Scope.Benchmark)
    public static class Day {

        Bitmap64Accumulator acc;
        Roaring64Bitmap raw;

        @Setup(Level.Trial)
        public void setUp() {
            Random random = new Random(11);
            Bitmap64BuildFunction f = new Bitmap64BuildFunction();
            acc = f.createAccumulator();
            raw = new Roaring64Bitmap();
            for (int i = 0; i < 1_000_000; i++) {
                long id = 1 + random.nextInt(1_000_000);
                f.accumulate(acc, id);
                raw.addLong(id);
            }
            raw.runOptimize();
        }
    }

    /** bitmap64_build's value: the accumulator's ids as Roaring64Bitmap bytes. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public byte[] getValueBitmap64BuildFunction(Day day) {
        return new Bitmap64BuildFunction().getValue(day.acc);
    }

    /** The raw library's share of the same: serializing a run-optimized Roaring64Bitmap of the same ids. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public byte[] serializeBitmap64Raw(Day day) {
        return Bitmaps.serialize64(day.raw);
    }

    // ---- union of 1,440 per-minute summaries ----------------------------------------------------------------------

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public byte[] unionHllRaw() {
        Union union = new Union(12);
        for (byte[] piece : hllPieces) {
            union.update(HllSketch.wrap(Memory.wrap(piece)));
        }
        return union.getResult(TgtHllType.HLL_4).toCompactByteArray();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public byte[] unionHllFunction() {
        return Aggs.union(new HllUnionFunction(), hllPieces);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public byte[] unionThetaRaw() {
        org.apache.datasketches.theta.Union union = SetOperation.builder().setNominalEntries(4096).buildUnion();
        for (byte[] piece : thetaPieces) {
            union.union(Sketch.wrap(Memory.wrap(piece)));
        }
        return union.getResult().toByteArray();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public byte[] unionThetaFunction() {
        return Aggs.union(new ThetaUnionFunction(), thetaPieces);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public byte[] unionBitmapRaw() {
        RoaringBitmap[] bitmaps = new RoaringBitmap[bitmapPieces.size()];
        for (int i = 0; i < bitmaps.length; i++) {
            bitmaps[i] = Bitmaps.read32("bench", bitmapPieces.get(i));
        }
        return Bitmaps.write32(org.roaringbitmap.FastAggregation.or(bitmaps));
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public byte[] unionBitmapFunction() {
        return Aggs.union(new BitmapUnionFunction(), bitmapPieces);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public byte[] unionBitmap64Raw() {
        Roaring64Bitmap result = new Roaring64Bitmap();
        for (byte[] piece : bitmap64Pieces) {
            result.or(Bitmaps.read64("bench", piece));
        }
        return Bitmaps.write64(result);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public byte[] unionBitmap64Function() {
        return Aggs.union(new Bitmap64UnionFunction(), bitmap64Pieces);
    }

    // ---- merge of 1,440 per-minute accumulators (window slicing), result bytes out --------------------------------

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public byte[] mergeBitmapMinuteAccumulators() {
        BitmapBuildFunction f = new BitmapBuildFunction();
        Bitmap32Accumulator acc = f.createAccumulator();
        f.merge(acc, bitmapMinutes);
        return f.getValue(acc);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public byte[] mergeBitmap64MinuteAccumulators() {
        Bitmap64BuildFunction f = new Bitmap64BuildFunction();
        Bitmap64Accumulator acc = f.createAccumulator();
        f.merge(acc, bitmap64Minutes);
        return f.getValue(acc);
    }
}
