package io.rtw.udf;

/**
 * A map from long to a non-zero int: open addressing with linear probing and backward-shift deletion, no boxing. The
 * value 0 marks an empty slot (so 0 cannot be stored: {@link #put} with 0 removes). The arrays are allocated on the
 * first insertion, so an accumulator whose ids never repeat pays nothing for it.
 *
 * <p>Slots come from Fibonacci hashing (the top bits of key times 2^64/phi), which spreads runs of close keys evenly.
 * Its slot of a key in a table of capacity c is its slot in a table of 2c shifted right, so copying a table into a
 * smaller (or growing) one in slot order would fill it from its start in one ever longer probe run, which is
 * quadratic: copies between tables go in {@link #step} order instead.
 */
final class LongIntMap {

    private static final int MIN_CAPACITY = 16;
    static final long PHI = 0x9E3779B97F4A7C15L;

    private long[] keys;
    private int[] values;
    private int size;
    private int mask;
    private int shift;

    int size() {
        return size;
    }

    /** The value of {@code key}, 0 if absent. */
    int get(long key) {
        if (size == 0) {
            return 0;
        }
        int i = slot(key);
        int v;
        while ((v = values[i]) != 0) {
            if (keys[i] == key) {
                return v;
            }
            i = (i + 1) & mask;
        }
        return 0;
    }

    /** Value of {@code key} += 1, an absent key counting as 1 (so it becomes 2); a value reaching 0 is removed. */
    void incrementFromOne(long key) {
        if (keys == null) {
            allocate(MIN_CAPACITY);
        }
        int i = slot(key);
        int v;
        while ((v = values[i]) != 0) {
            if (keys[i] == key) {
                if (v == -1) {
                    deleteAt(i);
                } else {
                    values[i] = v + 1;
                }
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = 2;
        if (++size > (mask >> 1) + (mask >> 2)) {
            allocate((mask + 1) << 1);
        }
    }

    /**
     * Value of {@code key} -= 1 if present, a value of 2 being removed (it becomes 1, which callers keep elsewhere);
     * returns the old value, 0 if absent (then nothing changes).
     */
    int decrementIfPresent(long key) {
        if (size == 0) {
            return 0;
        }
        int i = slot(key);
        int v;
        while ((v = values[i]) != 0) {
            if (keys[i] == key) {
                if (v == 2 || v == 1) {
                    deleteAt(i);
                } else {
                    values[i] = v - 1;
                }
                return v;
            }
            i = (i + 1) & mask;
        }
        return 0;
    }

    /** Sets the value of {@code key}; 0 removes it. */
    void put(long key, int value) {
        if (value == 0) {
            remove(key);
            return;
        }
        if (keys == null) {
            allocate(MIN_CAPACITY);
        }
        int i = slot(key);
        while (values[i] != 0) {
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        if (++size > (mask >> 1) + (mask >> 2)) {
            allocate((mask + 1) << 1);
        }
    }

    void remove(long key) {
        if (size == 0) {
            return;
        }
        int i = slot(key);
        while (values[i] != 0) {
            if (keys[i] == key) {
                deleteAt(i);
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /** Number of slots, for iteration with {@link #valueAt} (0: empty slot) and {@link #keyAt}. */
    int capacity() {
        return values == null ? 0 : values.length;
    }

    long keyAt(int slot) {
        return keys[slot];
    }

    int valueAt(int slot) {
        return values[slot];
    }

    void clear() {
        keys = null;
        values = null;
        size = 0;
    }

    /** The keys, in slot order. */
    long[] keys() {
        long[] out = new long[size];
        int n = 0;
        for (int i = 0; i < capacity(); i++) {
            if (values[i] != 0) {
                out[n++] = keys[i];
            }
        }
        return out;
    }

    private int slot(long key) {
        return (int) ((key * PHI) >>> shift);
    }

    /**
     * The stride of a visit of all slots of a table of {@code capacity} (a power of two) in golden-ratio order:
     * {@code i = (i + step) & (capacity - 1)}, {@code capacity} times from any slot. Keys read in that order land
     * evenly spread in any other table, whatever its capacity.
     */
    static int step(int capacity) {
        return (int) (capacity * 0.6180339887498949) | 1;
    }

    /** Backward-shift deletion: moves later entries of the probe run into the gap, so no tombstones are needed. */
    private void deleteAt(int gap) {
        size--;
        int i = gap;
        while (true) {
            i = (i + 1) & mask;
            if (values[i] == 0) {
                break;
            }
            int home = slot(keys[i]);
            // The entry at i may move to the gap if its home slot is not cyclically within (gap, i].
            if (((i - home) & mask) >= ((i - gap) & mask)) {
                keys[gap] = keys[i];
                values[gap] = values[i];
                gap = i;
            }
        }
        values[gap] = 0;
    }

    private void allocate(int capacity) {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[capacity];
        values = new int[capacity];
        mask = capacity - 1;
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
        if (oldValues != null) {
            for (int j = 0; j < oldValues.length; j++) {
                if (oldValues[j] != 0) {
                    int i = slot(oldKeys[j]);
                    while (values[i] != 0) {
                        i = (i + 1) & mask;
                    }
                    keys[i] = oldKeys[j];
                    values[i] = oldValues[j];
                }
            }
        }
    }
}
