package io.rtw.udf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The same set of ids gives the same estimate (and, where stated, the same bytes) as one stream, as a union of 1,440
 * per-minute pieces, in shuffled order and through partial merges: equality, not tolerance.
 */
class DeterminismTest {

    private static final int MINUTES = 1440;

    /** ids of one day, with repeats: 60,000 events over 25,000 users; user i appears in several random minutes. */
    private static long[][] minutes(long seed) {
        Random random = new Random(seed);
        List<List<Long>> byMinute = new ArrayList<>();
        for (int m = 0; m < MINUTES; m++) {
            byMinute.add(new ArrayList<>());
        }
        for (int e = 0; e < 60_000; e++) {
            long user = 1_000_000_000L + random.nextInt(25_000) * 7919L;
            byMinute.get(random.nextInt(MINUTES)).add(user);
        }
        long[][] out = new long[MINUTES][];
        for (int m = 0; m < MINUTES; m++) {
            out[m] = byMinute.get(m).stream().mapToLong(Long::longValue).toArray();
        }
        return out;
    }

    private static long[] flatten(long[][] minutes) {
        return Arrays.stream(minutes).flatMapToLong(Arrays::stream).toArray();
    }

    private static long[] shuffled(long[] ids, long seed) {
        List<Long> list = new ArrayList<>();
        for (long id : ids) {
            list.add(id);
        }
        Collections.shuffle(list, new Random(seed));
        return list.stream().mapToLong(Long::longValue).toArray();
    }

    @Test
    void hllOneStreamEqualsUnionOfMinutePiecesInAnyOrder() {
        long[][] minutes = minutes(1);
        HllSketchFunction build = new HllSketchFunction();
        HllUnionFunction union = new HllUnionFunction();
        HllEstimateFunction estimate = new HllEstimateFunction();

        double direct = estimate.eval(Aggs.hll(build, flatten(minutes)));
        double shuffled = estimate.eval(Aggs.hll(build, shuffled(flatten(minutes), 7)));

        List<byte[]> pieces = new ArrayList<>();
        for (long[] minute : minutes) {
            pieces.add(Aggs.hll(build, minute));
        }
        double ofPieces = estimate.eval(Aggs.union(union, pieces));
        Collections.shuffle(pieces, new Random(3));
        double ofShuffledPieces = estimate.eval(Aggs.union(union, pieces));
        double twoPhase = estimate.eval(Aggs.twoPhase(build, flatten(minutes), 4));
        long uv = Aggs.value(new UvHllFunction(), flatten(minutes));

        assertThat(direct).isGreaterThan(20_000);
        assertThat(shuffled).isEqualTo(direct);
        assertThat(ofPieces).isEqualTo(direct);
        assertThat(ofShuffledPieces).isEqualTo(direct);
        assertThat(twoPhase).isEqualTo(direct);
        assertThat(uv).isEqualTo(Math.round(direct));
    }

    @Test
    void hllBoundsDoNotDependOnOrder() {
        long[][] minutes = minutes(2);
        HllSketchFunction build = new HllSketchFunction();
        List<byte[]> pieces = new ArrayList<>();
        for (long[] minute : minutes) {
            pieces.add(Aggs.hll(build, minute));
        }
        HllBoundsFunction bounds = new HllBoundsFunction();
        byte[] direct = Aggs.hll(build, flatten(minutes));
        byte[] ofPieces = Aggs.union(new HllUnionFunction(), pieces);
        for (int sd = 1; sd <= 3; sd++) {
            assertThat(bounds.eval(ofPieces, sd)).isEqualTo(bounds.eval(direct, sd));
            double est = new HllEstimateFunction().eval(direct);
            assertThat(bounds.eval(direct, sd).<Double>getFieldAs(0)).isLessThan(est);
            assertThat(bounds.eval(direct, sd).<Double>getFieldAs(1)).isGreaterThan(est);
        }
    }

    @Test
    void thetaOneStreamEqualsUnionOfMinutePiecesByteForByte() {
        long[][] minutes = minutes(3);
        ThetaSketchFunction build = new ThetaSketchFunction();
        byte[] direct = Aggs.theta(build, flatten(minutes));
        byte[] shuffled = Aggs.theta(build, shuffled(flatten(minutes), 11));
        List<byte[]> pieces = new ArrayList<>();
        for (long[] minute : minutes) {
            pieces.add(Aggs.theta(build, minute));
        }
        byte[] ofPieces = Aggs.union(new ThetaUnionFunction(), pieces);
        Collections.shuffle(pieces, new Random(5));
        byte[] ofShuffledPieces = Aggs.union(new ThetaUnionFunction(), pieces);
        byte[] twoPhase = Aggs.twoPhase(build, flatten(minutes), 4);

        double estimate = new ThetaEstimateFunction().eval(direct);
        assertThat(estimate).isGreaterThan(20_000);
        assertThat(shuffled).isEqualTo(direct);
        assertThat(ofPieces).isEqualTo(direct);
        assertThat(ofShuffledPieces).isEqualTo(direct);
        assertThat(twoPhase).isEqualTo(direct);
        assertThat(Aggs.value(new UvThetaFunction(), flatten(minutes))).isEqualTo(Math.round(estimate));
        assertThat(new ThetaBoundsFunction().eval(ofPieces, 2)).isEqualTo(new ThetaBoundsFunction().eval(direct, 2));
    }

    @Test
    void bitmapsOneStreamEqualsUnionOfMinutePiecesByteForByte() {
        long[][] minutes = minutes(4);
        long exact = Arrays.stream(flatten(minutes)).distinct().count();

        Bitmap64BuildFunction build64 = new Bitmap64BuildFunction();
        byte[] direct64 = Aggs.bitmap64(build64, flatten(minutes));
        List<byte[]> pieces64 = new ArrayList<>();
        for (long[] minute : minutes) {
            pieces64.add(Aggs.bitmap64(build64, minute));
        }
        Collections.shuffle(pieces64, new Random(9));
        assertThat(Aggs.union(new Bitmap64UnionFunction(), pieces64)).isEqualTo(direct64);
        assertThat(Aggs.bitmap64(build64, shuffled(flatten(minutes), 13))).isEqualTo(direct64);
        assertThat(new Bitmap64CardinalityFunction().eval(direct64)).isEqualTo(exact);
        assertThat(Aggs.value(new UvBitmap64Function(), flatten(minutes))).isEqualTo(exact);

        BitmapBuildFunction build32 = new BitmapBuildFunction();
        int[] ints = Arrays.stream(flatten(minutes)).mapToInt(id -> (int) (id - 1_000_000_000L)).toArray();
        byte[] direct32 = Aggs.bitmap32(build32, ints);
        List<byte[]> pieces32 = new ArrayList<>();
        for (long[] minute : minutes) {
            pieces32.add(Aggs.bitmap32(build32, Arrays.stream(minute).mapToInt(id -> (int) (id - 1_000_000_000L)).toArray()));
        }
        assertThat(Aggs.union(new BitmapUnionFunction(), pieces32)).isEqualTo(direct32);
        assertThat(new BitmapCardinalityFunction().eval(direct32)).isEqualTo(exact);
    }

    @Test
    void stringIdsAreAlsoOrderIndependent() {
        long[] ids = flatten(minutes(5));
        String[] names = Arrays.stream(ids).mapToObj(id -> "user-" + id).toArray(String[]::new);
        String[] reversed = names.clone();
        Collections.reverse(Arrays.asList(reversed));
        HllSketchFunction hll = new HllSketchFunction();
        ThetaSketchFunction theta = new ThetaSketchFunction();
        Bitmap64BuildFunction bitmap = new Bitmap64BuildFunction();
        assertThat(new HllEstimateFunction().eval(Aggs.hllStrings(hll, reversed)))
                .isEqualTo(new HllEstimateFunction().eval(Aggs.hllStrings(hll, names)));
        assertThat(Aggs.thetaStrings(theta, reversed)).isEqualTo(Aggs.thetaStrings(theta, names));
        assertThat(Aggs.bitmap64Strings(bitmap, reversed)).isEqualTo(Aggs.bitmap64Strings(bitmap, names));
    }
}
