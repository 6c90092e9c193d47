package io.rtw.udf;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.LongPredicate;

/**
 * The counts other than 0 and 1 of {@link CountedIds}, for ids of either sign: in a {@link LongIntMap}, except that a
 * container of ids (the 65,536 ids sharing their high 48 bits) that {@link #promote} made dense keeps its counts 2 to
 * 255 in a byte per id. Dense ids (a day's users numbered 1 to N) then cost an array increment per repeat instead of
 * a hash-table update, and their counts serialize and deserialize as a scan of the block ({@link #pack}), not as a
 * sort of the keys (what made a day-long window slow on RocksDB, which copies the accumulator in and out at every
 * window fire).
 *
 * <p>The map holds every count of a key without a block, and a block key's counts outside 2 to 255 (256 and more,
 * and negative counts); {@link #overflow} counts those per block, so a block id with byte 0 needs no map lookup
 * unless its key has such entries. A block is never given back (until {@link #clear}).
 */
final class Counts {

    /** A key's container gets a block once it holds more ids than this (where Roaring makes it a bitmap). */
    static final int DENSE_AT = 4096;
    private static final int MAX_IN_BLOCK = 255;
    /** Longs of a container's bitmap. */
    static final int WORDS = 1024;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final LongIntMap map = new LongIntMap();
    /** Block index + 1 of a key. */
    private final LongIntMap blockOf = new LongIntMap();
    private long[] blockKeys = new long[0];
    private byte[][] blocks = new byte[0][];
    private int[] overflow = new int[0];
    private int blockCount;
    private int inBlocks;

    private long lastKey = -1;
    /** Block index of {@link #lastKey}, -1 if it has none. */
    private int lastBlock = -1;

    int size() {
        return map.size() + inBlocks;
    }

    /** The count of {@code id} if neither 0 nor 1, else 0. */
    int get(long id) {
        int b = block(id >>> 16);
        if (b >= 0) {
            int v = blocks[b][(char) id] & 0xFF;
            if (v != 0 || overflow[b] == 0) {
                return v;
            }
        }
        return map.get(id);
    }

    /** Count of an id += 1, absent counting as 1 (so it becomes 2); a count reaching 0 is removed. */
    void incrementFromOne(long id) {
        int b = block(id >>> 16);
        if (b >= 0) {
            byte[] block = blocks[b];
            int low = (char) id;
            int v = block[low] & 0xFF;
            if (v != 0 && v < MAX_IN_BLOCK) {
                block[low] = (byte) (v + 1);
                return;
            }
            if (v == 0 && (overflow[b] == 0 || map.get(id) == 0)) {
                block[low] = 2;
                inBlocks++;
                return;
            }
        } else {
            map.incrementFromOne(id);
            return;
        }
        int c = get(id);
        put(id, c == 0 ? 2 : c + 1);
    }

    /**
     * Count of {@code id} -= 1 if it has one here, a count of 2 being removed (it becomes 1, which callers keep
     * elsewhere); returns the old count, 0 if absent (then nothing changes).
     */
    int decrementIfPresent(long id) {
        int b = block(id >>> 16);
        if (b < 0) {
            return map.decrementIfPresent(id);
        }
        int c = get(id);
        if (c != 0) {
            put(id, c == 2 || c == 1 ? 0 : c - 1);
        }
        return c;
    }

    /** Sets the count of {@code id}; 0 removes it. */
    void put(long id, int count) {
        int b = block(id >>> 16);
        if (b < 0) {
            map.put(id, count);
            return;
        }
        byte[] block = blocks[b];
        int low = (char) id;
        if (block[low] != 0) {
            block[low] = 0;
            inBlocks--;
        } else if (overflow[b] != 0 && map.get(id) != 0) {
            map.remove(id);
            overflow[b]--;
        }
        if (count >= 2 && count <= MAX_IN_BLOCK) {
            block[low] = (byte) count;
            inBlocks++;
        } else if (count != 0) {
            map.put(id, count);
            overflow[b]++;
        }
    }

    /** Whether the container of {@code id} has a block. */
    boolean dense(long id) {
        return block(id >>> 16) >= 0;
    }

    /**
     * Gives the container of {@code id} a block and moves its counts 2 to 255 there; the container of {@code members}
     * must hold every id of the container that has a count here (true of the present ids when no count is negative).
     */
    void promote(long id, LongBitmap members) {
        byte[] block = new byte[1 << 16];
        int b = addBlock(id >>> 16, block);
        if (map.size() != 0) {
            members.forEachInContainerOf(id, member -> {
                int c = map.get(member);
                if (c >= 2 && c <= MAX_IN_BLOCK) {
                    map.remove(member);
                    block[(char) member] = (byte) c;
                    inBlocks++;
                } else if (c != 0) {
                    overflow[b]++;
                }
            });
        }
    }

    /**
     * Takes {@code block} (counts 0 or 2 to 255, as {@link #blockBytes}) as the container of {@code id}'s counts;
     * {@code counted} is its number of non-zero bytes.
     */
    void adoptBlock(long id, byte[] block, int counted) {
        addBlock(id >>> 16, block);
        inBlocks += counted;
    }

    /**
     * Sets in {@code words} (1,024 longs, zeroed) bit {@code low} for each non-zero byte {@code low} of a block, eight
     * bytes at a time; returns their number.
     */
    private static int scan(byte[] block, long[] words) {
        int counted = 0;
        for (int at = 0; at < block.length; at += 8) {
            long w = (long) LONGS.get(block, at);
            if (w != 0) {
                // High bit of each non-zero byte, gathered into 8 bits (byte i to bit i).
                long nonZero = (w | ((w & 0x7F7F7F7F7F7F7F7FL) + 0x7F7F7F7F7F7F7F7FL)) & 0x8080808080808080L;
                words[at >>> 6] |= (((nonZero >>> 7) * 0x0102040810204080L) >>> 56) << (at & 63);
                counted += Long.bitCount(nonZero);
            }
        }
        return counted;
    }

    /**
     * A block in the state format: its positions (1,024 little-endian longs, bit {@code low} set where byte {@code low}
     * is not 0), then those bytes in position order; a day's dense counts take about a third of the block.
     */
    static byte[] pack(byte[] block) {
        long[] words = new long[WORDS];
        int counted = scan(block, words);
        byte[] packed = new byte[WORDS * 8 + counted];
        int n = WORDS * 8;
        for (int w = 0; w < WORDS; w++) {
            LONGS.set(packed, w * 8, words[w]);
            for (long bits = words[w]; bits != 0; bits &= bits - 1) {
                packed[n++] = block[(w << 6) + Long.numberOfTrailingZeros(bits)];
            }
        }
        return packed;
    }

    /** The positions of a packed block, read from its first 8,192 bytes. */
    static long[] positions(byte[] head) {
        long[] words = new long[WORDS];
        for (int w = 0; w < WORDS; w++) {
            words[w] = (long) LONGS.get(head, w * 8);
        }
        return words;
    }

    /** The block of {@link #pack}'s positions and bytes; null if a byte is below 2. */
    static byte[] unpack(long[] words, byte[] counts) {
        byte[] block = new byte[1 << 16];
        int n = 0;
        for (int w = 0; w < WORDS; w++) {
            for (long bits = words[w]; bits != 0; bits &= bits - 1) {
                byte c = counts[n++];
                if ((c & 0xFF) < 2) {
                    return null;
                }
                block[(w << 6) + Long.numberOfTrailingZeros(bits)] = c;
            }
        }
        return block;
    }

    private int addBlock(long key, byte[] block) {
        if (blockCount == blocks.length) {
            int capacity = Math.max(4, blockCount * 2);
            blockKeys = Arrays.copyOf(blockKeys, capacity);
            blocks = Arrays.copyOf(blocks, capacity);
            overflow = Arrays.copyOf(overflow, capacity);
        }
        int b = blockCount++;
        blockKeys[b] = key;
        blocks[b] = block;
        blockOf.put(key, b + 1);
        lastKey = -1;
        return b;
    }

    /** Calls {@code action} with every id and count, blocks first, the map in stride order (see LongIntMap). */
    void forEach(IdCountConsumer action) {
        for (int b = 0; b < blockCount; b++) {
            byte[] block = blocks[b];
            long base = blockKeys[b] << 16;
            for (int low = 0; low < block.length; low++) {
                if (block[low] != 0) {
                    action.accept(base | low, block[low] & 0xFF);
                }
            }
        }
        for (int n = 0, i = 0, step = LongIntMap.step(map.capacity()); n < map.capacity();
                n++, i = (i + step) & (map.capacity() - 1)) {
            int c = map.valueAt(i);
            if (c != 0) {
                action.accept(map.keyAt(i), c);
            }
        }
    }

    /**
     * Calls {@code action} in increasing unsigned order of the ids with every id and count, except the counts 2 to
     * 255 of the containers {@code inBlock} accepts (an id of the container), which the caller writes as blocks.
     */
    void forEachInOrderExcept(LongPredicate inBlock, IdCountConsumer action) {
        long[] loose = map.keys();
        for (int i = 0; i < loose.length; i++) {
            loose[i] ^= Long.MIN_VALUE; // signed order of (id ^ MIN) is the unsigned order of id
        }
        Arrays.sort(loose);
        for (int i = 0; i < loose.length; i++) {
            loose[i] ^= Long.MIN_VALUE;
        }
        IdCountConsumer fromMap = (id, c) -> {
            if (c < 2 || c > MAX_IN_BLOCK || !inBlock.test(id)) {
                action.accept(id, c);
            }
        };
        int next = 0;
        for (int b : blocksInOrder()) {
            long base = blockKeys[b] << 16;
            for (; next < loose.length && Long.compareUnsigned(loose[next], base) < 0; next++) {
                fromMap.accept(loose[next], map.get(loose[next]));
            }
            if (inBlock.test(base)) {
                continue; // its map entries in range come with the next block or after the loop, in order
            }
            byte[] block = blocks[b];
            for (int low = 0; low < block.length; low++) {
                if (block[low] != 0) {
                    action.accept(base | low, block[low] & 0xFF);
                } else if (next < loose.length && loose[next] == (base | low)) {
                    fromMap.accept(loose[next], map.get(loose[next]));
                    next++;
                }
            }
        }
        for (; next < loose.length; next++) {
            fromMap.accept(loose[next], map.get(loose[next]));
        }
    }

    /**
     * The counts 2 to 255 of the container of {@code id} as a block (byte {@code low} = count of {@code key << 16 |
     * low}, 0 for any other count): the block itself if there is one (do not modify it), else one built from the map.
     */
    byte[] blockBytes(long id) {
        int b = block(id >>> 16);
        if (b >= 0) {
            return blocks[b];
        }
        byte[] built = new byte[1 << 16];
        long key = id >>> 16;
        for (int i = 0; i < map.capacity(); i++) {
            int c = map.valueAt(i);
            if (c >= 2 && c <= MAX_IN_BLOCK && map.keyAt(i) >>> 16 == key) {
                built[(char) map.keyAt(i)] = (byte) c;
            }
        }
        return built;
    }

    private int[] blocksInOrder() {
        Integer[] order = new Integer[blockCount];
        for (int b = 0; b < blockCount; b++) {
            order[b] = b;
        }
        Arrays.sort(order, (x, y) -> Long.compare(blockKeys[x], blockKeys[y])); // keys are below 2^48
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }

    /** Whether nothing was ever stored since creation or {@link #clear} (no memory taken). */
    boolean unallocated() {
        return map.capacity() == 0 && blockCount == 0;
    }

    void clear() {
        map.clear();
        blockOf.clear();
        blockKeys = new long[0];
        blocks = new byte[0][];
        overflow = new int[0];
        blockCount = 0;
        inBlocks = 0;
        lastKey = -1;
    }

    /** The block index of {@code key}, -1 if none; the last answer is cached. */
    private int block(long key) {
        if (key != lastKey) {
            lastBlock = blockCount == 0 ? -1 : blockOf.get(key) - 1;
            lastKey = key;
        }
        return lastBlock;
    }

    /** An id and its count. */
    @FunctionalInterface
    interface IdCountConsumer {
        void accept(long id, int count);
    }
}
