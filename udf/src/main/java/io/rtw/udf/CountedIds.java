package io.rtw.udf;

/**
 * Exact multiplicities of ids, kept so that the common case costs one bitmap operation per id. An id belongs to the
 * result when its count is positive; retraction is exact (an id added twice and retracted once stays) and partial
 * accumulators whose counts went negative (a retraction that reached a local aggregate before its addition) merge
 * correctly.
 *
 * <p>Representation: {@link #present} is the set of ids with a count of at least 1 (the result itself), and
 * {@link #counts} maps every id whose count is neither 0 nor 1 (so at least 2, or negative) to that count. An
 * accumulation is {@code present.checkedAdd(id)}, one bitmap add, and only an id that was already present touches
 * the map (one primitive hash-map update); {@link #negatives} counts the map's negative entries so that add-only
 * accumulators never look for them. A retraction is one map lookup plus at most one bitmap removal. Merges and the
 * union aggregates add whole sets: one AND and one OR of bitmaps, plus a map update per id present on both sides.
 *
 * <p>Ids are {@code long}s: a 64-bit id as is, a 32-bit id as its unsigned value (0 to 2^32 - 1), so that both widths
 * share one set type ({@link LongBitmap}) and one order (unsigned).
 */
abstract class CountedIds {

    /** Ids with count >= 1. */
    LongBitmap present = new LongBitmap();
    /** Ids with count >= 2 or < 0, to their count. */
    final LongIntMap counts = new LongIntMap();
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
            counts.incrementFromOne(id);
        }
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
            again.forEach(counts::incrementFromOne);
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
        LongIntMap theirs = other.counts;
        // In stride order, not slot order: see LongIntMap.
        for (int n = 0, i = 0, step = LongIntMap.step(theirs.capacity()); n < theirs.capacity();
                n++, i = (i + step) & (theirs.capacity() - 1)) {
            int c = theirs.valueAt(i);
            if (c != 0) {
                // addAll counted 1 for the ids of theirs that are present (c >= 2).
                add(theirs.keyAt(i), c >= 2 ? c - 1 : c);
            }
        }
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
        int n = 0;
        for (int i = 0; i < counts.capacity(); i++) {
            if (counts.valueAt(i) < 0) {
                ids[n++] = counts.keyAt(i);
            }
        }
        return setOf(ids, n);
    }

    /** The members of {@code set} that have an entry in {@link #counts}; iterates the smaller of the two. */
    private LongBitmap countedIn(LongBitmap set) {
        LongBitmap counted = new LongBitmap();
        if (counts.size() <= set.cardinality()) {
            for (int i = 0; i < counts.capacity(); i++) {
                if (counts.valueAt(i) != 0 && set.contains(counts.keyAt(i))) {
                    counted.checkedAdd(counts.keyAt(i));
                }
            }
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
