package io.rtw.udf;

import java.util.stream.LongStream;

/**
 * Exact multiplicities of ids, kept so that the common case costs one bitmap operation per id. An id belongs to the
 * result when its count is positive; retraction is exact (an id added twice and retracted once stays) and partial
 * accumulators whose counts went negative (a retraction that reached a local aggregate before its addition) merge
 * correctly.
 *
 * <p>Representation: {@link #present} is the set of ids with a count of at least 1 (the result itself), and
 * {@link #counts} maps every id whose count is neither 0 nor 1 (so at least 2, or negative) to that count: a byte per
 * id for the containers of {@link #present} that are dense (more than {@link Counts#DENSE_AT} ids), a primitive hash
 * map for the others. An accumulation is {@code present.checkedAdd(id)}, one bitmap add, and only an id that was
 * already present touches the counts (an array increment, or one hash-map update); {@link #negatives} counts the
 * negative entries so that add-only accumulators never look for them. A retraction is one map lookup plus at most one bitmap removal. Merges and the
 * union aggregates add whole sets: one AND and one OR of bitmaps, plus a map update per id present on both sides.
 *
 * <p>Ids are {@code long}s: a 64-bit id as is, a 32-bit id as its unsigned value (0 to 2^32 - 1), so that both widths
 * share one set type ({@link LongBitmap}) and one order (unsigned).
 */
abstract class CountedIds {

    /** Ids with count >= 1. */
    LongBitmap present = new LongBitmap();
    /** Ids with count >= 2 or < 0, to their count. */
    final Counts counts = new Counts();
    /** Number of negative values in {@link #counts}. */
    int negatives;

    /** The count of {@code id}. */
    final int count(long id) {
        int c = counts.get(id);
        return c != 0 ? c : present.contains(id) ? 1 : 0;
    }

    /** Count of {@code id} += 1. */
    final void increment(long id) {
        if (present.checkedAdd(id)) {
            if (negatives != 0) {
                undoIfNegative(id);
            }
        } else {
            incrementPresent(id);
        }
    }

    /** Count of a present {@code id} += 1; gives its container a dense count block once the container is dense. */
    private void incrementPresent(long id) {
        promoteIfDense(id);
        counts.incrementFromOne(id);
    }

    /** Gives the container of {@code id} its count block if dense and without one (never while a count is negative). */
    private void promoteIfDense(long id) {
        if (negatives == 0 && present.containerCardinality(id) > Counts.DENSE_AT && !counts.dense(id)) {
            counts.promote(id, present);
        }
    }

    /**
     * The keys (high 48 bits) whose counts 2 to 255 the state format writes as blocks, in increasing order: the
     * containers of {@link #present} with more than {@link Counts#DENSE_AT} ids, none while a count is negative.
     */
    final long[] blockKeys() {
        if (negatives != 0) {
            return new long[0];
        }
        LongStream.Builder keys = LongStream.builder();
        present.forEachContainerAbove(Counts.DENSE_AT, id -> keys.add(id >>> 16));
        return keys.build().sorted().toArray(); // keys are below 2^48: signed order is unsigned order
    }

    /**
     * Gives the containers of {@link #present} that {@code touched} has ids in their count blocks where they are dense
     * (none while a count is negative): a merge passes the ids it brought, not every container of a day's set.
     */
    final void promoteDenseContainers(LongBitmap touched) {
        touched.forEachContainerAbove(0, this::promoteIfDense);
    }

    /** {@code id} was just added to {@code present} because its count was at most 0: fix a negative count. */
    private void undoIfNegative(long id) {
        int c = counts.get(id);
        if (c < 0) {
            present.checkedRemove(id);
            counts.put(id, c + 1);
            if (c == -1) {
                negatives--;
            }
        }
    }

    /** Count of {@code id} -= 1. */
    final void decrement(long id) {
        // A count of 2 becomes 1, represented by presence alone: the entry goes; other entries go down by one.
        if (counts.decrementIfPresent(id) == 0 && !present.checkedRemove(id)) {
            counts.put(id, -1);
            negatives++;
        }
    }

    /** Count of {@code id} += {@code delta}. */
    final void add(long id, int delta) {
        int old = count(id);
        int now = old + delta;
        if (old >= 1 && now < 1) {
            present.checkedRemove(id);
        } else if (old < 1 && now >= 1) {
            present.checkedAdd(id);
        }
        counts.put(id, now == 1 ? 0 : now);
        if (old < 0) {
            negatives--;
        }
        if (now < 0) {
            negatives++;
        }
    }

    /** Count of every member of {@code set} += 1 ({@code set} is not modified). */
    final void addAll(LongBitmap set) {
        LongBitmap rest = set;
        if (negatives != 0) {
            LongBitmap negative = LongBitmap.and(set, negativeIds());
            if (!negative.isEmpty()) {
                rest = LongBitmap.andNot(set, negative);
                negative.forEach(this::increment);
            }
        }
        LongBitmap again = LongBitmap.and(rest, present);
        if (!again.isEmpty()) {
            again.forEach(this::incrementPresent);
        }
        present.or(rest);
    }

    /** Count of every member of {@code set} -= 1 ({@code set} is not modified). */
    final void removeAll(LongBitmap set) {
        LongBitmap rest = set;
        if (counts.size() != 0) {
            LongBitmap counted = countedIn(set);
            if (!counted.isEmpty()) {
                rest = LongBitmap.andNot(set, counted);
                counted.forEach(this::decrement);
            }
        }
        // Ids of rest have count 1 (present: now 0) or 0 (absent: now -1).
        LongBitmap absent = LongBitmap.andNot(rest, present);
        if (!absent.isEmpty()) {
            absent.forEach(id -> {
                counts.put(id, -1);
                negatives++;
            });
        }
        present.andNot(rest);
    }

    /** Adds the other counts to these ({@code other} is not modified). */
    final void addCounts(CountedIds other) {
        if (other == this) {
            throw new IllegalArgumentException("cannot merge an accumulator into itself");
        }
        addAll(other.present);
        promoteDenseContainers(other.present);
        // addAll counted 1 for the ids of theirs that are present (c >= 2).
        other.counts.forEach((id, c) -> add(id, c >= 2 ? c - 1 : c));
    }

    /** The number of ids with a positive count. */
    final long positiveCount() {
        return present.cardinality();
    }

    final void clear() {
        present = new LongBitmap();
        counts.clear();
        negatives = 0;
    }

    /** A new set of the first {@code n} of {@code ids} (in any order). */
    static LongBitmap setOf(long[] ids, int n) {
        LongBitmap set = new LongBitmap();
        for (int i = 0; i < n; i++) {
            set.checkedAdd(ids[i]);
        }
        return set;
    }

    private LongBitmap negativeIds() {
        long[] ids = new long[negatives];
        int[] n = {0};
        counts.forEach((id, c) -> {
            if (c < 0) {
                ids[n[0]++] = id;
            }
        });
        return setOf(ids, n[0]);
    }

    /** The members of {@code set} that have an entry in {@link #counts}; iterates the smaller of the two. */
    private LongBitmap countedIn(LongBitmap set) {
        LongBitmap counted = new LongBitmap();
        if (counts.size() <= set.cardinality()) {
            counts.forEach((id, c) -> {
                if (set.contains(id)) {
                    counted.checkedAdd(id);
                }
            });
        } else {
            set.forEach(id -> {
                if (counts.get(id) != 0) {
                    counted.checkedAdd(id);
                }
            });
        }
        return counted;
    }
}
