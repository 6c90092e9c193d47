package io.rtw.udf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Prints the serialized sizes of the summaries and of their accumulator state for a day of 1,000,000 users
 * (2,000,000 events), and of one per-minute piece; run as a plain main (see docs/benchmarks.md).
 */
public final class SerializedSizes {

    private SerializedSizes() {}

    /** Events of one day by minute: {@code events} events of {@code users} users with ids above 2^32. */
    static long[][] day(int events, int users, long seed) {
        Random random = new Random(seed);
        int[] counts = new int[1440];
        long[] minuteOf = new long[events];
        long[] idOf = new long[events];
        for (int e = 0; e < events; e++) {
            int minute = random.nextInt(1440);
            minuteOf[e] = minute;
            idOf[e] = 10_000_000_000L + random.nextInt(users) * 7919L;
            counts[minute]++;
        }
        long[][] out = new long[1440][];
        for (int m = 0; m < 1440; m++) {
            out[m] = new long[counts[m]];
        }
        int[] fill = new int[1440];
        for (int e = 0; e < events; e++) {
            int m = (int) minuteOf[e];
            out[m][fill[m]++] = idOf[e];
        }
        return out;
    }

    static int[] toInts(long[] ids) {
        return Arrays.stream(ids).mapToInt(id -> (int) (id - 10_000_000_000L)).toArray();
    }

    public static void main(String[] args) {
        long[][] minutes = day(2_000_000, 1_000_000, 2);
        long[] all = Arrays.stream(minutes).flatMapToLong(Arrays::stream).toArray();
        List<String> rows = new ArrayList<>();
        rows.add(row("hll_sketch lgK 12 HLL_4", Aggs.hll(new HllSketchFunction(), minutes[0]).length,
                Aggs.hll(new HllSketchFunction(), all).length, hllState(all)));
        rows.add(row("theta_sketch k 4096", Aggs.theta(new ThetaSketchFunction(), minutes[0]).length,
                Aggs.theta(new ThetaSketchFunction(), all).length, thetaState(all)));
        rows.add(row("bitmap_build (INT ids)", Aggs.bitmap32(new BitmapBuildFunction(), toInts(minutes[0])).length,
                Aggs.bitmap32(new BitmapBuildFunction(), toInts(all)).length, bitmap32State(toInts(all))));
        rows.add(row("bitmap64_build (BIGINT ids)", Aggs.bitmap64(new Bitmap64BuildFunction(), minutes[0]).length,
                Aggs.bitmap64(new Bitmap64BuildFunction(), all).length, bitmap64State(all)));
        System.out.println("| summary | one minute (~1,400 ids) | one day (1,000,000 users) | day accumulator state |");
        System.out.println("|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private static String row(String name, int minute, int day, int state) {
        return String.format("| %s | %,d B | %,d B | %,d B |", name, minute, day, state);
    }

    private static int hllState(long[] ids) {
        HllSketchFunction f = new HllSketchFunction();
        HllAccumulator acc = f.createAccumulator();
        Arrays.stream(ids).forEach(id -> f.accumulate(acc, id));
        return new HllAccumulatorSerializer().toBytes(acc).length;
    }

    private static int thetaState(long[] ids) {
        ThetaSketchFunction f = new ThetaSketchFunction();
        ThetaAccumulator acc = f.createAccumulator();
        Arrays.stream(ids).forEach(id -> f.accumulate(acc, id));
        return new ThetaAccumulatorSerializer().toBytes(acc).length;
    }

    private static int bitmap32State(int[] ids) {
        Bitmap32Accumulator acc = new Bitmap32Accumulator();
        Arrays.stream(ids).forEach(acc::increment);
        return new Bitmap32AccumulatorSerializer().toBytes(acc).length;
    }

    private static int bitmap64State(long[] ids) {
        Bitmap64Accumulator acc = new Bitmap64Accumulator();
        Arrays.stream(ids).forEach(acc::increment);
        return new Bitmap64AccumulatorSerializer().toBytes(acc).length;
    }
}
