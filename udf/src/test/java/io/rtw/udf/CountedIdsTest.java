package io.rtw.udf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;
import org.roaringbitmap.longlong.Roaring64Bitmap;

/**
 * The bitmap accumulators' representation (present ids, a map of the counts other than 1) against a plain
 * {@code HashMap<Long, Integer>} of counts: add-only streams, duplicates, retractions of duplicated ids, negative counts
 * across merges, whole-set adds and removals (the union aggregates) and serializer round trips; plus the two
 * primitive structures it is made of.
 */
class CountedIdsTest {

    /** A width under test: its accumulator, serializer, and how an id of that width is drawn. */
    private record Width<A extends CountedIds>(String name, Supplier<A> create, AccumulatorSerializer<A> serializer,
            IdSource ids) {}

    private interface IdSource {
        long next(Random random, int universe);
    }

    private static final Width<Bitmap32Accumulator> W32 = new Width<>("32-bit", Bitmap32Accumulator::new,
            new Bitmap32AccumulatorSerializer(), // 32-bit ids travel as unsigned values; some are negative INTs
            (r, n) -> Integer.toUnsignedLong((int) (r.nextInt(n) * 7919L - 1_000_000)));
    private static final Width<Bitmap64Accumulator> W64 = new Width<>("64-bit", Bitmap64Accumulator::new,
            new Bitmap64AccumulatorSerializer(),
            (r, n) -> switch (r.nextInt(4)) { // several high halves, including ones with the sign bit set
                case 0 -> r.nextInt(n) * 7919L;
                case 1 -> (1L << 40) + r.nextInt(n);
                case 2 -> -1L - r.nextInt(n);
                default -> ((long) r.nextInt(8) << 61) ^ r.nextInt(n);
            });

    // ---- counts against the oracle --------------------------------------------------------------------------------

    @Test
    void addOnlyKeepsEveryIdOnceWhateverItsMultiplicity() {
        for (Width<?> w : List.of(W32, W64)) {
            Random random = new Random(1);
            CountedIds acc = w.create().get();
            Map<Long, Integer> oracle = new HashMap<>();
            for (int i = 0; i < 50_000; i++) {
                long id = w.ids().next(random, 10_000);
                acc.increment(id);
                oracle.merge(id, 1, Integer::sum);
            }
            assertMatches(w.name(), acc, oracle);
            assertThat(acc.negatives).isZero();
            // Only ids seen more than once have a count entry.
            assertThat(acc.counts.size()).isEqualTo((int) oracle.values().stream().filter(c -> c > 1).count());
        }
    }

    @Test
    void allUniqueIdsNeedNoCountEntries() {
        for (Width<?> w : List.of(W32, W64)) {
            CountedIds acc = w.create().get();
            for (long id = 0; id < 20_000; id++) {
                acc.increment(id * 7919);
            }
            assertThat(acc.counts.size()).as(w.name()).isZero();
            assertThat(acc.counts.unallocated()).as(w.name()).isTrue();
            assertThat(acc.positiveCount()).as(w.name()).isEqualTo(20_000L);
        }
    }

    @Test
    void retractingADuplicatedIdKeepsItUntilItsLastRetraction() {
        for (Width<?> w : List.of(W32, W64)) {
            CountedIds acc = w.create().get();
            long id = w == W32 ? Integer.toUnsignedLong(-7) : Long.MIN_VALUE + 7;
            for (int i = 0; i < 3; i++) {
                acc.increment(id);
            }
            acc.increment(11);
            for (int left = 2; left >= 0; left--) {
                acc.decrement(id);
                assertThat(acc.count(id)).as(w.name()).isEqualTo(left);
                assertThat(acc.positiveCount()).as(w.name()).isEqualTo(left > 0 ? 2 : 1);
            }
            assertThat(acc.counts.size()).as(w.name()).isZero();
            // One retraction too many goes negative, and the next addition brings it back to 0, not to present.
            acc.decrement(id);
            assertThat(acc.count(id)).isEqualTo(-1);
            assertThat(acc.negatives).isEqualTo(1);
            acc.increment(id);
            assertThat(acc.count(id)).isZero();
            assertThat(acc.negatives).isZero();
            assertThat(acc.positiveCount()).isEqualTo(1L);
            acc.increment(id);
            assertThat(acc.count(id)).isEqualTo(1);
        }
    }

    @Test
    void negativeCountsMergeExactlyInEitherOrder() {
        for (Width<?> w : List.of(W32, W64)) {
            for (boolean negativeFirst : new boolean[] {true, false}) {
                // A local aggregate saw the retractions of ids 9 and 10 before another one saw their additions.
                CountedIds early = w.create().get();
                early.decrement(9);
                early.decrement(10);
                early.decrement(10);
                early.increment(1);
                CountedIds late = w.create().get();
                late.increment(9);
                late.increment(9);
                late.increment(10);
                late.increment(10);
                late.increment(1);
                Map<Long, Integer> oracle = Map.of(1L, 2, 9L, 1, 10L, 0);
                CountedIds global = w.create().get();
                merge(global, negativeFirst ? early : late);
                merge(global, negativeFirst ? late : early);
                assertMatches(w.name() + (negativeFirst ? " negative first" : " negative last"), global, oracle);
                assertThat(global.negatives).isZero();
                // The parts are unchanged.
                assertThat(early.count(10)).isEqualTo(-2);
                assertThat(late.count(9)).isEqualTo(2);
            }
        }
    }

    /** Random adds, retractions (also of ids never added), set adds and removals, merges and round trips. */
    @Test
    void randomOperationsMatchAHashMapOfCounts() {
        for (Width<?> w : List.of(W32, W64)) {
            Random random = new Random(29);
            for (int round = 0; round < 16; round++) {
                int universe = 1 + random.nextInt(round < 6 ? 50 : 5_000);
                int parts = 1 + random.nextInt(4);
                List<CountedIds> partials = new ArrayList<>();
                List<Map<Long, Integer>> oracles = new ArrayList<>();
                for (int p = 0; p < parts; p++) {
                    partials.add(w.create().get());
                    oracles.add(new HashMap<>());
                }
                for (int op = 0; op < 3_000; op++) {
                    int p = random.nextInt(parts);
                    CountedIds acc = partials.get(p);
                    Map<Long, Integer> oracle = oracles.get(p);
                    int kind = random.nextInt(100);
                    if (kind < 55) {
                        long id = w.ids().next(random, universe);
                        acc.increment(id);
                        oracle.merge(id, 1, Integer::sum);
                    } else if (kind < 85) {
                        long id = w.ids().next(random, universe);
                        acc.decrement(id);
                        oracle.merge(id, -1, Integer::sum);
                    } else if (kind < 92) {
                        long[] set = randomSet(w, random, universe);
                        addAll(acc, set, random.nextBoolean());
                        for (long id : set) {
                            oracle.merge(id, 1, Integer::sum);
                        }
                    } else if (kind < 99) {
                        long[] set = randomSet(w, random, universe);
                        removeAll(acc, set);
                        for (long id : set) {
                            oracle.merge(id, -1, Integer::sum);
                        }
                    } else {
                        CountedIds back = roundTrip(w, acc);
                        assertMatches(w.name() + " round trip", back, oracle);
                        partials.set(p, back);
                    }
                }
                CountedIds global = w.create().get();
                Map<Long, Integer> expected = new HashMap<>();
                for (int p = 0; p < parts; p++) {
                    assertMatches(w.name() + " partial", partials.get(p), oracles.get(p));
                    merge(global, random.nextBoolean() ? roundTrip(w, partials.get(p)) : partials.get(p));
                    oracles.get(p).forEach((id, c) -> expected.merge(id, c, Integer::sum));
                }
                assertMatches(w.name() + " merged, round " + round, global, expected);
                assertMatches(w.name() + " merged and shipped", roundTrip(w, global), expected);
            }
        }
    }

    /**
     * Dense ids (a day's users numbered 1 to N): containers with more than {@link Counts#DENSE_AT} ids keep their
     * counts in byte blocks, promoted while counts already exist, with counts past a byte's range, retractions and
     * negative counts after the promotion, merges, round trips and bytes equal to a history without blocks.
     */
    @Test
    void denseContainersKeepCountsInBlocksExactly() {
        // 32-bit ids; 64-bit ids below and above the sign bit (unsigned order across blocks and the map).
        for (long base : List.of(3L << 16, (5L << 40) + (7L << 16), -(9L << 16))) {
            Width<?> w = base == 3L << 16 ? W32 : W64;
            Random random = new Random(17);
            CountedIds a = w.create().get();
            Map<Long, Integer> oracle = new HashMap<>();
            List<long[]> ops = new ArrayList<>();
            for (int i = 0; i < 60_000; i++) {
                // Two and a half containers of ids; a few heavy ids go past 255.
                long id = random.nextInt(10) == 0 ? base + random.nextInt(4) : base + random.nextInt(160_000);
                int delta = i > 40_000 && random.nextInt(4) == 0 ? -1 : 1;
                ops.add(new long[] {id, delta});
                apply(a, ops.get(i));
                oracle.merge(id, delta, Integer::sum);
                if (i == 20_000) {
                    assertMatches(w.name() + " dense, add only", a, oracle);
                    assertThat(a.counts.dense(base)).as(w.name()).isTrue();
                    CountedIds copy = roundTrip(w, a);
                    assertThat(copy.counts.dense(base)).as(w.name()).isTrue();
                    assertMatches(w.name() + " dense, add only, round trip", copy, oracle);
                    assertThat(bytes(w, copy)).isEqualTo(bytes(w, a));
                    assertThat(a.count(base + 1)).isGreaterThan(255);
                }
            }
            assertThat(a.negatives).as(w.name()).isPositive();
            assertMatches(w.name() + " dense", a, oracle);
            // The same counts reached another way (ids spread first, no blocks until read back) give the same bytes.
            CountedIds b = w.create().get();
            for (int i = ops.size() - 1; i >= 0; i--) {
                apply(b, ops.get(i));
            }
            assertMatches(w.name() + " dense, reversed", b, oracle);
            // With negative counts the state has no blocks (canonical bytes), so the copy keeps its counts in the map.
            CountedIds back = roundTrip(w, a);
            assertThat(back.counts.dense(base)).isFalse();
            assertMatches(w.name() + " dense round trip", back, oracle);
            assertThat(bytes(w, a)).as(w.name()).isEqualTo(bytes(w, b)).isEqualTo(bytes(w, back));
            // Merging dense partials (the window operator's slices) matches the sum of the oracles; an empty target
            // gets blocks as it merges.
            CountedIds global = w.create().get();
            merge(global, a);
            assertThat(global.counts.dense(base)).as(w.name()).isTrue();
            merge(global, back);
            merge(global, b);
            Map<Long, Integer> tripled = new HashMap<>();
            oracle.forEach((id, c) -> tripled.put(id, 3 * c));
            assertMatches(w.name() + " dense merged", global, tripled);
            assertMatches(w.name() + " dense merged round trip", roundTrip(w, global), tripled);
        }
    }

    // ---- serializer -------------------------------------------------------------------------------------------------

    @Test
    void serializerRoundTripKeepsCountsAndIsCanonical() {
        for (Width<?> w : List.of(W32, W64)) {
            Random random = new Random(3);
            CountedIds a = w.create().get();
            CountedIds b = w.create().get();
            Map<Long, Integer> oracle = new HashMap<>();
            List<long[]> ops = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                long id = w.ids().next(random, 3_000);
                int delta = random.nextInt(3) == 0 ? -1 : 1;
                ops.add(new long[] {id, delta});
                oracle.merge(id, delta, Integer::sum);
            }
            // a gets them in order, b in reverse order: same counts, different hash-table histories.
            for (long[] op : ops) {
                apply(a, op);
            }
            for (int i = ops.size() - 1; i >= 0; i--) {
                apply(b, ops.get(i));
            }
            assertThat(a.negatives).as(w.name()).isPositive();
            CountedIds back = roundTrip(w, a);
            assertMatches(w.name(), back, oracle);
            assertThat(back.negatives).isEqualTo(a.negatives);
            assertThat(bytes(w, a)).as(w.name()).isEqualTo(bytes(w, b)).isEqualTo(bytes(w, back));
            // Continuing after a restore is the same as never having stopped.
            back.increment(42);
            a.increment(42);
            assertThat(bytes(w, back)).isEqualTo(bytes(w, a));
            assertThat(bytes(w, roundTrip(w, w.create().get()))).isEqualTo(bytes(w, w.create().get()));
        }
    }

    @Test
    void serializerCopiesAreIndependent() {
        Bitmap64AccumulatorSerializer s = new Bitmap64AccumulatorSerializer();
        Bitmap64Accumulator a = new Bitmap64Accumulator();
        a.increment(5);
        a.increment(5);
        a.decrement(6);
        Bitmap64Accumulator copy = s.copy(a);
        copy.increment(6);
        copy.decrement(5);
        assertThat(a.count(5)).isEqualTo(2);
        assertThat(a.count(6)).isEqualTo(-1);
        assertThat(copy.count(5)).isEqualTo(1);
        assertThat(copy.count(6)).isZero();
    }

    // ---- the primitive structures -------------------------------------------------------------------------------

    @Test
    void longIntMapMatchesAHashMap() {
        Random random = new Random(11);
        for (int round = 0; round < 20; round++) {
            LongIntMap map = new LongIntMap();
            Map<Long, Integer> oracle = new HashMap<>();
            int universe = 1 + random.nextInt(round < 10 ? 40 : 20_000);
            for (int op = 0; op < 30_000; op++) {
                // Keys that differ only in high bits or by multiples of a power of two collide in weak hashes.
                long key = (long) random.nextInt(universe) << (random.nextBoolean() ? 0 : 33);
                switch (random.nextInt(5)) {
                    case 0 -> {
                        map.incrementFromOne(key);
                        oracle.merge(key, 2, (old, two) -> old + 1 == 0 ? null : old + 1);
                    }
                    case 4 -> {
                        int old = oracle.getOrDefault(key, 0);
                        assertThat(map.decrementIfPresent(key)).isEqualTo(old);
                        if (old == 1 || old == 2) {
                            oracle.remove(key);
                        } else if (old != 0) {
                            oracle.put(key, old - 1);
                        }
                    }
                    case 1 -> {
                        map.remove(key);
                        oracle.remove(key);
                    }
                    default -> {
                        int value = random.nextInt(7) - 3;
                        map.put(key, value);
                        if (value == 0) {
                            oracle.remove(key);
                        } else {
                            oracle.put(key, value);
                        }
                    }
                }
                if (op % 997 == 0 || op == 29_999) {
                    assertThat(map.size()).isEqualTo(oracle.size());
                    for (long k = 0; k < Math.min(universe, 200); k++) {
                        assertThat(map.get(k)).isEqualTo(oracle.getOrDefault(k, 0));
                        assertThat(map.get(k << 33)).isEqualTo(oracle.getOrDefault(k << 33, 0));
                    }
                    Map<Long, Integer> iterated = new HashMap<>();
                    for (int i = 0; i < map.capacity(); i++) {
                        if (map.valueAt(i) != 0) {
                            iterated.put(map.keyAt(i), map.valueAt(i));
                        }
                    }
                    assertThat(iterated).isEqualTo(oracle);
                    assertThat(new java.util.HashSet<>(Arrays.stream(map.keys()).boxed().toList())).isEqualTo(oracle.keySet());
                }
            }
        }
    }

    @Test
    void longBitmapMatchesRoaring64BitmapAndItsPortableBytes() throws IOException {
        Random random = new Random(13);
        for (int round = 0; round < 20; round++) {
            LongBitmap set = new LongBitmap();
            LongBitmap other = new LongBitmap();
            TreeSet<Long> oracle = new TreeSet<>(Long::compareUnsigned);
            TreeSet<Long> otherOracle = new TreeSet<>(Long::compareUnsigned);
            int universe = 1 + random.nextInt(round < 10 ? 30 : 3_000);
            for (int op = 0; op < 5_000; op++) {
                long id = W64.ids().next(random, universe);
                if (random.nextInt(3) > 0) {
                    assertThat(set.checkedAdd(id)).isEqualTo(oracle.add(id));
                } else {
                    assertThat(set.checkedRemove(id)).isEqualTo(oracle.remove(id));
                }
                if (random.nextBoolean()) {
                    other.checkedAdd(id);
                    otherOracle.add(id);
                }
                assertThat(set.contains(id)).isEqualTo(oracle.contains(id));
            }
            assertThat(set.cardinality()).isEqualTo(oracle.size());
            assertThat(set.isEmpty()).isEqualTo(oracle.isEmpty());
            long[] expected = oracle.stream().mapToLong(Long::longValue).toArray();
            assertThat(set.toArray()).isEqualTo(expected);
            List<Long> iterated = new ArrayList<>();
            set.forEach(iterated::add);
            assertThat(iterated).containsExactlyElementsOf(oracle);

            // The bytes are the library's portable bytes, and the conversions are exact both ways.
            Roaring64Bitmap library = Roaring64Bitmap.bitmapOf(expected);
            DataOutputSerializer portable = new DataOutputSerializer(64);
            library.serializePortable(portable);
            assertThat(set.toPortableBytes()).isEqualTo(portable.getCopyOfBuffer());
            assertThat(set.toRoaring64Bytes()).isEqualTo(Bitmaps.write64(library));
            assertThat(LongBitmap.of(library).toArray()).isEqualTo(expected);
            Roaring64Bitmap read = new Roaring64Bitmap();
            read.deserializePortable(new DataInputStream(new ByteArrayInputStream(set.toPortableBytes())));
            assertThat(read).isEqualTo(library);

            TreeSet<Long> both = new TreeSet<>(oracle);
            both.retainAll(otherOracle);
            TreeSet<Long> only = new TreeSet<>(oracle);
            only.removeAll(otherOracle);
            TreeSet<Long> either = new TreeSet<>(oracle);
            either.addAll(otherOracle);
            assertThat(LongBitmap.and(set, other).toArray()).isEqualTo(both.stream().mapToLong(Long::longValue).toArray());
            assertThat(LongBitmap.andNot(set, other).toArray()).isEqualTo(only.stream().mapToLong(Long::longValue).toArray());
            LongBitmap copy = set.copy();
            copy.or(other);
            assertThat(copy.toArray()).isEqualTo(either.stream().mapToLong(Long::longValue).toArray());
            assertThat(set.toArray()).isEqualTo(expected);
            copy.andNot(other);
            assertThat(copy.toArray()).isEqualTo(only.stream().mapToLong(Long::longValue).toArray());
            copy.andNot(copy);
            assertThat(copy.isEmpty()).isTrue();
        }
    }

    @Test
    void longBitmapConvertsToAndFromRoaringBitmap() {
        Random random = new Random(17);
        for (int round = 0; round < 10; round++) {
            RoaringBitmap expected = new RoaringBitmap();
            LongBitmap set = new LongBitmap();
            for (int i = 0; i < 2_000 * round; i++) {
                // Dense runs (run and bitmap containers), scattered ids and negative INTs (high unsigned values).
                int id = random.nextBoolean() ? random.nextInt(70_000) : random.nextInt();
                expected.add(id);
                set.checkedAdd(Integer.toUnsignedLong(id));
            }
            expected.add(0L, 5_000L); // a run of 5,000: a run container once optimized
            expected.add(200_000L, 201_000L); // and one of 1,000, an array container's size
            for (long id = 0; id < 5_000; id++) {
                set.checkedAdd(id);
            }
            for (long id = 200_000; id < 201_000; id++) {
                set.checkedAdd(id);
            }
            RoaringBitmap optimized = expected.clone();
            optimized.runOptimize();
            assertThat(set.toRoaring32(true)).isEqualTo(expected);
            assertThat(set.toRoaring32(false).hasRunCompression()).isFalse();
            LongBitmap back = LongBitmap.of(optimized.clone());
            assertThat(back.toArray()).isEqualTo(set.toArray());
            assertThat(back.toRoaring32(true).hasRunCompression()).isFalse();
            // Run containers taken over are written as the library writes the same ids.
            Roaring64Bitmap library = new Roaring64Bitmap();
            expected.forEach((int id) -> library.addLong(Integer.toUnsignedLong(id)));
            assertThat(back.toRoaring64Bytes()).isEqualTo(Bitmaps.write64(library));
            assertThat(set.toRoaring64Bytes()).isEqualTo(Bitmaps.write64(library));
            assertThat(Bitmaps.write32(back.toRoaring32(true))).isEqualTo(Bitmaps.write32(expected.clone()));
            long[] unsigned = java.util.stream.IntStream.of(expected.toArray()).mapToLong(Integer::toUnsignedLong).toArray();
            assertThat(set.toArray()).isEqualTo(unsigned);
        }
    }

    /**
     * Merges copy one hash table into another; in slot order that would pile the keys into one probe run of the
     * (growing) target and take minutes for a million ids instead of about a second.
     */
    @Test
    @org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void mergingLargeAccumulatorsStaysLinear() {
        for (Width<?> w : List.of(W32, W64)) {
            CountedIds part = w.create().get();
            for (long u = 0; u < 1_000_000; u++) {
                long id = w == W32 ? u * 4099 : 10_000_000_000L + u * 7919;
                part.increment(id);
                part.increment(id);
            }
            CountedIds global = w.create().get();
            merge(global, part);
            merge(global, part);
            assertThat(global.counts.size()).isEqualTo(1_000_000);
            assertThat(global.count(w == W32 ? 999_999L * 4099 : 10_000_000_000L + 999_999L * 7919)).isEqualTo(4);
            // The union aggregates' path: AND and OR of large sets.
            CountedIds union = w.create().get();
            union.addAll(part.present);
            union.addAll(part.present);
            assertThat(union.counts.size()).isEqualTo(1_000_000);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private static long[] randomSet(Width<?> w, Random random, int universe) {
        int n = random.nextInt(40);
        return java.util.stream.LongStream.generate(() -> w.ids().next(random, universe)).limit(n).distinct().toArray();
    }

    private static void apply(CountedIds acc, long[] op) {
        if (op[1] > 0) {
            acc.increment(op[0]);
        } else {
            acc.decrement(op[0]);
        }
    }

    /** Adds the set through the union aggregates' path (bitmap bytes in), or id by id. */
    private static void addAll(CountedIds acc, long[] set, boolean asBitmap) {
        if (!asBitmap) {
            for (long id : set) {
                acc.increment(id);
            }
        } else if (acc instanceof Bitmap32Accumulator a) {
            new BitmapUnionFunction().accumulate(a, Bitmaps.write32(RoaringBitmap.bitmapOf(ints(set))));
        } else {
            new Bitmap64UnionFunction().accumulate((Bitmap64Accumulator) acc, Bitmaps.write64(Roaring64Bitmap.bitmapOf(set)));
        }
    }

    private static void removeAll(CountedIds acc, long[] set) {
        if (acc instanceof Bitmap32Accumulator a) {
            new BitmapUnionFunction().retract(a, Bitmaps.write32(RoaringBitmap.bitmapOf(ints(set))));
        } else {
            new Bitmap64UnionFunction().retract((Bitmap64Accumulator) acc, Bitmaps.write64(Roaring64Bitmap.bitmapOf(set)));
        }
    }

    private static int[] ints(long[] ids) {
        return Arrays.stream(ids).mapToInt(id -> (int) id).toArray();
    }

    private static void merge(CountedIds target, CountedIds other) {
        if (target instanceof Bitmap32Accumulator t) {
            new BitmapBuildFunction().merge(t, List.of((Bitmap32Accumulator) other));
        } else {
            new UvBitmap64Function().merge((Bitmap64Accumulator) target, List.of((Bitmap64Accumulator) other));
        }
    }

    @SuppressWarnings("unchecked")
    private static <A extends CountedIds> byte[] bytes(Width<A> w, CountedIds acc) {
        return w.serializer().toBytes((A) acc);
    }

    private static <A extends CountedIds> CountedIds roundTrip(Width<A> w, CountedIds acc) {
        return w.serializer().fromBytes(bytes(w, acc));
    }

    /** Every id's count, the present set, its size and the result bytes agree with the oracle. */
    private static void assertMatches(String what, CountedIds acc, Map<Long, Integer> oracle) {
        long positive = 0;
        int negative = 0;
        Map<Long, Integer> wrong = new HashMap<>();
        for (Map.Entry<Long, Integer> e : oracle.entrySet()) {
            if (acc.count(e.getKey()) != e.getValue()) {
                wrong.put(e.getKey(), acc.count(e.getKey()));
            }
            positive += e.getValue() > 0 ? 1 : 0;
            negative += e.getValue() < 0 ? 1 : 0;
        }
        assertThat(wrong).as(what + ": ids whose count differs from the oracle's").isEmpty();
        assertThat(acc.positiveCount()).as(what).isEqualTo(positive);
        assertThat(acc.negatives).as(what).isEqualTo(negative);
        assertThat(acc.counts.size()).as(what).isEqualTo(
                (int) oracle.values().stream().filter(c -> c != 0 && c != 1).count());
        if (acc instanceof Bitmap32Accumulator a) {
            RoaringBitmap expected = new RoaringBitmap();
            oracle.forEach((id, c) -> {
                if (c > 0) {
                    expected.add(id.intValue());
                }
            });
            assertThat(a.positive()).as(what).isEqualTo(expected);
            assertThat(new BitmapBuildFunction().getValue(a)).as(what).isEqualTo(Bitmaps.write32(expected));
            assertThat(new UvBitmapFunction().getValue(a)).isEqualTo(positive);
        } else {
            Bitmap64Accumulator a = (Bitmap64Accumulator) acc;
            Roaring64Bitmap expected = new Roaring64Bitmap();
            oracle.forEach((id, c) -> {
                if (c > 0) {
                    expected.addLong(id);
                }
            });
            assertThat(Bitmaps.read64("test", a.positiveBytes())).as(what).isEqualTo(expected);
            assertThat(new Bitmap64BuildFunction().getValue(a)).as(what).isEqualTo(Bitmaps.write64(expected));
            assertThat(new UvBitmap64Function().getValue(a)).isEqualTo(positive);
        }
    }
}
