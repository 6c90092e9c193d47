package io.rtw.udf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;

import org.apache.flink.core.memory.DataOutputSerializer;
import org.roaringbitmap.ArrayContainer;
import org.roaringbitmap.BitmapContainer;
import org.roaringbitmap.Container;
import org.roaringbitmap.ContainerPointer;
import org.roaringbitmap.PeekableCharIterator;
import org.roaringbitmap.RoaringBitmap;
import org.roaringbitmap.RunContainer;
import org.roaringbitmap.longlong.HighLowContainer;
import org.roaringbitmap.longlong.LongUtils;
import org.roaringbitmap.longlong.Roaring64Bitmap;

/**
 * A set of 64-bit ids made of RoaringBitmap's containers: the container of the ids sharing their high 48 bits, found
 * in an open-addressing hash table by those bits (the last one used is cached). This is Roaring64Bitmap's layout with
 * a hash table in place of its radix tree, for one reason: a {@link #checkedAdd} that costs one lookup (the library
 * has no checked add, and {@code contains} + {@code addLong} is two), which keeps {@code bitmap64_*} accumulation
 * near the raw library's cost. It also takes less memory than the library for sparse ids such as hashed strings
 * (about 64 bytes instead of about 100 per lone id). Containers are never empty. Iteration and bytes go in unsigned
 * order of the ids; the bytes are Roaring64Bitmap's portable format, see {@link #toPortableBytes}. Long (about 540
 * lines) because the hash table, its iteration and the portable format are one data structure.
 */
final class LongBitmap {

    private static final int MIN_CAPACITY = 4;

    /** id >>> 16 per slot; meaningful where {@link #containers} is non-null. */
    private long[] keys = new long[MIN_CAPACITY];
    private Container[] containers = new Container[MIN_CAPACITY];
    private int size;
    private int mask = MIN_CAPACITY - 1;
    private int shift = 64 - 2;

    private long lastKey;
    /** Slot of {@link #lastKey}, -1 if none; reset whenever entries move. */
    private int lastSlot = -1;

    // ---- single ids -----------------------------------------------------------------------------------------------

    /** Adds the id; false (and no change) if it was present. */
    boolean checkedAdd(long id) {
        long key = id >>> 16;
        int i = lastSlot;
        if (i < 0 || lastKey != key) {
            i = slot(key, true);
        }
        Container c = containers[i];
        char low = (char) id;
        if (c instanceof RunContainer) { // its cardinality is not cached
            if (c.contains(low)) {
                return false;
            }
            containers[i] = c.add(low);
            return true;
        }
        int before = c.getCardinality();
        Container after = c.add(low);
        if (after != c) {
            containers[i] = after;
        }
        return after.getCardinality() > before;
    }

    boolean contains(long id) {
        long key = id >>> 16;
        int i = lastSlot;
        if (i < 0 || lastKey != key) {
            i = slot(key, false);
        }
        return i >= 0 && containers[i].contains((char) id);
    }

    /** Removes the id; false if it was absent. */
    boolean checkedRemove(long id) {
        long key = id >>> 16;
        int i = lastSlot;
        if (i < 0 || lastKey != key) {
            i = slot(key, false);
            if (i < 0) {
                return false;
            }
        }
        Container c = containers[i];
        char low = (char) id;
        Container after;
        if (c instanceof RunContainer) { // its cardinality is not cached
            if (!c.contains(low)) {
                return false;
            }
            after = c.remove(low);
        } else {
            int before = c.getCardinality();
            after = c.remove(low);
            if (after.getCardinality() == before) {
                return false;
            }
        }
        if (after.isEmpty()) {
            deleteAt(i);
        } else if (after != c) {
            containers[i] = after;
        }
        return true;
    }

    // ---- whole sets -----------------------------------------------------------------------------------------------

    boolean isEmpty() {
        return size == 0;
    }

    long cardinality() {
        long n = 0;
        for (Container c : containers) {
            if (c != null) {
                n += c.getCardinality();
            }
        }
        return n;
    }

    LongBitmap copy() {
        LongBitmap copy = new LongBitmap();
        copy.keys = keys.clone();
        copy.containers = new Container[containers.length];
        for (int i = 0; i < containers.length; i++) {
            copy.containers[i] = containers[i] == null ? null : containers[i].clone();
        }
        copy.size = size;
        copy.mask = mask;
        copy.shift = shift;
        return copy;
    }

    /** {@code this |= other}. */
    void or(LongBitmap other) {
        if (other == this) {
            return;
        }
        // In stride order, not slot order: see LongIntMap.
        for (int n = 0, j = 0, step = LongIntMap.step(other.containers.length); n < other.containers.length;
                n++, j = (j + step) & (other.containers.length - 1)) {
            Container o = other.containers[j];
            if (o != null) {
                int i = slot(other.keys[j], false);
                if (i < 0) {
                    insert(other.keys[j], o.clone());
                } else {
                    containers[i] = containers[i].ior(o);
                }
            }
        }
    }

    /** {@code this &= ~other}. */
    void andNot(LongBitmap other) {
        if (other == this) {
            keys = new long[MIN_CAPACITY];
            containers = new Container[MIN_CAPACITY];
            size = 0;
            mask = MIN_CAPACITY - 1;
            shift = 64 - 2;
            lastSlot = -1;
            return;
        }
        for (int j = 0; j < other.containers.length; j++) {
            Container o = other.containers[j];
            if (o != null) {
                int i = slot(other.keys[j], false);
                if (i >= 0) {
                    Container rest = containers[i].iandNot(o);
                    if (rest.isEmpty()) {
                        deleteAt(i);
                    } else {
                        containers[i] = rest;
                    }
                }
            }
        }
    }

    /** A new set {@code a AND b}. */
    static LongBitmap and(LongBitmap a, LongBitmap b) {
        if (a.size > b.size) {
            LongBitmap t = a;
            a = b;
            b = t;
        }
        LongBitmap result = new LongBitmap();
        // In stride order, not slot order: see LongIntMap.
        for (int n = 0, j = 0, step = LongIntMap.step(a.containers.length); n < a.containers.length;
                n++, j = (j + step) & (a.containers.length - 1)) {
            if (a.containers[j] != null) {
                int i = b.slot(a.keys[j], false);
                if (i >= 0) {
                    Container both = a.containers[j].and(b.containers[i]);
                    if (!both.isEmpty()) {
                        result.insert(a.keys[j], both);
                    }
                }
            }
        }
        return result;
    }

    /** A new set {@code a AND NOT b}. */
    static LongBitmap andNot(LongBitmap a, LongBitmap b) {
        LongBitmap result = new LongBitmap();
        // In stride order, not slot order: see LongIntMap.
        for (int n = 0, j = 0, step = LongIntMap.step(a.containers.length); n < a.containers.length;
                n++, j = (j + step) & (a.containers.length - 1)) {
            if (a.containers[j] != null) {
                int i = b.slot(a.keys[j], false);
                Container rest = i < 0 ? a.containers[j].clone() : a.containers[j].andNot(b.containers[i]);
                if (!rest.isEmpty()) {
                    result.insert(a.keys[j], rest);
                }
            }
        }
        return result;
    }

    /** The number of ids sharing the high 48 bits of {@code id} (0 if none). */
    int containerCardinality(long id) {
        long key = id >>> 16;
        int i = lastSlot;
        if (i < 0 || lastKey != key) {
            i = slot(key, false);
        }
        return i < 0 ? 0 : containers[i].getCardinality();
    }

    /** Whether the container of {@code id} holds every low 16 bits set in {@code words} (1,024 words). */
    boolean containerHoldsAll(long id, long[] words) {
        int i = slot(id >>> 16, false);
        Container wanted = new BitmapContainer(words, -1).repairAfterLazy();
        return wanted.isEmpty() || i >= 0 && wanted.andNot(containers[i]).isEmpty();
    }

    /** Every id sharing the high 48 bits of {@code id}, in unsigned order. */
    void forEachInContainerOf(long id, LongConsumer action) {
        int i = slot(id >>> 16, false);
        if (i >= 0) {
            long high = keys[i] << 16;
            PeekableCharIterator lows = containers[i].getCharIterator();
            while (lows.hasNext()) {
                action.accept(high | lows.next());
            }
        }
    }

    /** Calls {@code action} with an id of each container holding more than {@code cardinality} ids. */
    void forEachContainerAbove(int cardinality, LongConsumer action) {
        for (int i = 0; i < containers.length; i++) {
            if (containers[i] != null && containers[i].getCardinality() > cardinality) {
                action.accept(keys[i] << 16);
            }
        }
    }

    /** Every id, in unsigned order. */
    void forEach(LongConsumer action) {
        for (int i : sortedSlots()) {
            long high = keys[i] << 16;
            PeekableCharIterator lows = containers[i].getCharIterator();
            while (lows.hasNext()) {
                action.accept(high | lows.next());
            }
        }
    }

    /** Every id, in unsigned order. */
    long[] toArray() {
        long[] ids = new long[Math.toIntExact(cardinality())];
        int[] n = {0};
        forEach(id -> ids[n[0]++] = id);
        return ids;
    }

    /** A container with its key (the ids' high 48 bits). */
    @FunctionalInterface
    interface ContainerAction {
        void accept(long key, Container container) throws Exception;
    }

    /** Every container, in key order. */
    void forEachContainer(ContainerAction action) throws Exception {
        for (int i : sortedSlots()) {
            action.accept(keys[i], containers[i]);
        }
    }

    /** Adds a container under a key this set does not hold yet; an empty container is not added. */
    void addContainer(long key, Container container) {
        if (slot(key, false) >= 0) {
            throw new IllegalArgumentException("key " + key + " is already present");
        }
        if (!container.isEmpty()) {
            insert(key, container);
        }
    }

    // ---- conversions and bytes ----------------------------------------------------------------------------------

    /**
     * The ids in {@code Roaring64Bitmap}'s serialization ({@link Bitmaps#write64}'s canonical bytes), written from the
     * containers of {@link #buckets} run-optimized as {@code Roaring64Bitmap.runOptimize} does, numbered in key order:
     * the same bytes as building a {@code Roaring64Bitmap} from {@link #toPortableBytes}, without the round trip.
     */
    byte[] toRoaring64Bytes() {
        HighLowContainer bitmap = new HighLowContainer();
        for (Bucket b : buckets()) {
            long high = Integer.toUnsignedLong(b.high()) << 32;
            ContainerPointer pointer = b.lows().getContainerPointer();
            for (Container c; (c = pointer.getContainer()) != null; pointer.advance()) {
                bitmap.put(LongUtils.highPart(high | (long) pointer.key() << 16), c.runOptimize());
            }
        }
        return Bitmaps.serialize64(bitmap);
    }

    /**
     * The ids, all below 2^32, as a RoaringBitmap without run containers (see {@link #toPortableBytes}); with copies
     * of the containers if {@code copy}, else sharing them (only to serialize at once: the library's serialization
     * and {@code removeRunCompression} leave the shared containers unchanged).
     */
    RoaringBitmap toRoaring32(boolean copy) {
        RoaringBitmap bitmap = new RoaringBitmap();
        for (int i : sortedSlots()) {
            if (keys[i] > 0xFFFF) {
                throw new IllegalStateException("not a 32-bit id: " + (keys[i] << 16));
            }
            bitmap.append((char) keys[i], copy ? containers[i].clone() : containers[i]);
        }
        bitmap.removeRunCompression();
        return bitmap;
    }

    /** The ids of a 32-bit bitmap, as unsigned values; takes over its containers (do not use {@code bitmap} after). */
    static LongBitmap of(RoaringBitmap bitmap) {
        LongBitmap set = new LongBitmap();
        ContainerPointer pointer = bitmap.getContainerPointer();
        for (Container c; (c = pointer.getContainer()) != null; pointer.advance()) {
            if (!c.isEmpty()) {
                set.insert(pointer.key(), c);
            }
        }
        return set;
    }

    static LongBitmap of(Roaring64Bitmap bitmap) {
        DataOutputSerializer out = new DataOutputSerializer(64);
        try {
            bitmap.serializePortable(out);
            return readPortable(ByteBuffer.wrap(out.getSharedBuffer(), 0, out.length()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The ids in Roaring64Bitmap's portable format ({@code Roaring64Bitmap.serializePortable}, the 64-bit Roaring
     * format of the CRoaring/Go implementations): little-endian long bucket count, then per value of the high 32
     * bits, in unsigned order, that value as a little-endian int and the low 32 bits as a portable 32-bit
     * RoaringBitmap. Run containers are written as array or bitmap containers, so equal sets give equal bytes.
     */
    byte[] toPortableBytes() {
        List<Bucket> buckets = buckets();
        long length = 8;
        for (Bucket b : buckets) {
            length += 4 + b.lows().serializedSizeInBytes();
        }
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(length)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(buckets.size());
        for (Bucket b : buckets) {
            out.putInt(b.high());
            b.lows().serialize(out);
        }
        return out.array();
    }

    /** The ids sharing one value of the high 32 bits: that value, and their low 32 bits. */
    private record Bucket(int high, RoaringBitmap lows) {}

    /**
     * The ids per value of the high 32 bits, in unsigned order, each bucket sharing this set's containers except run
     * containers, which it holds as the array or bitmap containers the portable format reads back (so equal sets give
     * equal containers whatever their history).
     */
    private List<Bucket> buckets() {
        int[] order = sortedSlots();
        List<Bucket> buckets = new ArrayList<>();
        for (int k = 0; k < order.length; ) {
            long high = keys[order[k]] >>> 16;
            RoaringBitmap lows = new RoaringBitmap();
            for (; k < order.length && keys[order[k]] >>> 16 == high; k++) {
                lows.append((char) keys[order[k]], containers[order[k]]);
            }
            lows.removeRunCompression(); // replaces the bucket's references to run containers, not ours
            buckets.add(new Bucket((int) high, lows));
        }
        return buckets;
    }

    /** Reads {@link #toPortableBytes}' format, rejecting repeated or unordered keys; empty containers are skipped. */
    static LongBitmap readPortable(ByteBuffer bytes) throws IOException {
        ByteBuffer in = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
        long buckets = in.getLong();
        if (buckets < 0 || buckets > in.remaining()) {
            throw new IOException("Invalid bucket count " + buckets);
        }
        LongBitmap set = new LongBitmap();
        long previous = -1;
        for (long b = 0; b < buckets; b++) {
            long high = Integer.toUnsignedLong(in.getInt());
            RoaringBitmap bucket = new RoaringBitmap();
            bucket.deserialize(in);
            in.position(in.position() + bucket.serializedSizeInBytes());
            ContainerPointer pointer = bucket.getContainerPointer();
            for (Container c; (c = pointer.getContainer()) != null; pointer.advance()) {
                long key = high << 16 | pointer.key();
                if (key <= previous) {
                    throw new IOException("Invalid 64-bit bitmap: unordered or repeated key at " + (key << 16));
                }
                previous = key;
                if (!c.isEmpty()) {
                    set.insert(key, c);
                }
            }
        }
        return set;
    }

    // ---- the table ------------------------------------------------------------------------------------------------

    /** The slot of {@code key}: created (as an empty array container) if {@code create}, else -1 if absent. */
    private int slot(long key, boolean create) {
        int i = (int) ((key * LongIntMap.PHI) >>> shift);
        Container c;
        while ((c = containers[i]) != null) {
            if (keys[i] == key) {
                lastKey = key;
                lastSlot = i;
                return i;
            }
            i = (i + 1) & mask;
        }
        if (!create) {
            return -1;
        }
        keys[i] = key;
        containers[i] = new ArrayContainer();
        if (++size > (mask >> 1) + (mask >> 2)) {
            grow();
            return slot(key, false);
        }
        lastKey = key;
        lastSlot = i;
        return i;
    }

    /** Inserts a key known to be absent. */
    private void insert(long key, Container container) {
        int i = (int) ((key * LongIntMap.PHI) >>> shift);
        while (containers[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        containers[i] = container;
        if (++size > (mask >> 1) + (mask >> 2)) {
            grow();
        }
    }

    /** Backward-shift deletion: moves later entries of the probe run into the gap, so no tombstones are needed. */
    private void deleteAt(int gap) {
        lastSlot = -1;
        size--;
        int i = gap;
        while (true) {
            i = (i + 1) & mask;
            if (containers[i] == null) {
                break;
            }
            int home = (int) ((keys[i] * LongIntMap.PHI) >>> shift);
            if (((i - home) & mask) >= ((i - gap) & mask)) {
                keys[gap] = keys[i];
                containers[gap] = containers[i];
                gap = i;
            }
        }
        containers[gap] = null;
    }

    private void grow() {
        lastSlot = -1;
        long[] oldKeys = keys;
        Container[] oldContainers = containers;
        int capacity = oldContainers.length << 1;
        keys = new long[capacity];
        containers = new Container[capacity];
        mask = capacity - 1;
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
        for (int j = 0; j < oldContainers.length; j++) {
            if (oldContainers[j] != null) {
                int i = (int) ((oldKeys[j] * LongIntMap.PHI) >>> shift);
                while (containers[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                containers[i] = oldContainers[j];
            }
        }
    }

    /** The occupied slots in increasing key order (keys are below 2^48, so signed order is unsigned order). */
    private int[] sortedSlots() {
        long[] sorted = new long[size];
        int n = 0;
        for (int i = 0; i < containers.length; i++) {
            if (containers[i] != null) {
                sorted[n++] = keys[i];
            }
        }
        Arrays.sort(sorted);
        int[] slots = new int[n];
        for (int k = 0; k < n; k++) {
            slots[k] = slot(sorted[k], false);
        }
        return slots;
    }
}
