package io.rtw.udf;

import java.io.IOException;
import java.util.Arrays;
import java.util.function.LongConsumer;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Base of the bitmap accumulators' serializers; writes format v3 and reads v1, v2 and v3.
 *
 * <p>v3 (this build): byte version (3); int length and the bytes of the set of present ids (count >= 1); int number
 * of count blocks, then per block in increasing key order the key (long, the ids' high 48 bits), 1,024 little-endian
 * longs with bit {@code low} set where id {@code key << 16 | low} has a count of 2 to 255, and those counts, a byte
 * each, in increasing {@code low}; then, as in v2, int length and
 * the bytes of the set K of the other ids whose count is neither 0 nor 1, and for each id of K in increasing unsigned
 * order its count as a zigzag varint. The blocks are exactly the containers of the present set holding more than
 * {@link Counts#DENSE_AT} ids, and only when no count is negative, so equal counts give equal bytes; reading and
 * writing a block is a scan of its bitmap, which keeps a day-long window's accumulator cheap to move in and out of RocksDB.
 *
 * <p>v2 (earlier builds, read only): v3 without the blocks (no block count; every count in K).
 *
 * <p>v1 (earlier builds, read only): byte version (1), int mask of the non-empty slices (bit j = slice j), then per
 * such slice in increasing j an int length and the slice's bitmap bytes (32-bit: portable RoaringBitmap; 64-bit:
 * {@code Roaring64Bitmap.serialize}); slice j held the ids whose count, in 32-bit two's complement, has bit j set.
 *
 * <p>Sets are in the width's library format (32-bit: RoaringBitmap's portable format; 64-bit: Roaring64Bitmap's
 * portable format, see {@link LongBitmap#toPortableBytes}), run containers written as array or bitmap containers.
 */
abstract class CountedIdsSerializer<A extends CountedIds> extends AccumulatorSerializer<A> {

    private static final long serialVersionUID = 1L;
    static final int VERSION = 3;
    static final int UNBLOCKED_VERSION = 2;
    static final int SLICED_VERSION = 1;

    abstract String name();

    abstract byte[] bytes(LongBitmap set);

    abstract LongBitmap set(byte[] bytes);

    /** Calls {@code action} with each id of a v1 slice's bytes. */
    abstract void forEachInSlice(byte[] bytes, LongConsumer action);

    @Override
    void write(A acc, DataOutputView out) throws IOException {
        out.writeByte(VERSION);
        writeBytes(out, bytes(acc.present));
        long[] dense = acc.blockKeys();
        out.writeInt(dense.length);
        for (long key : dense) {
            out.writeLong(key);
            out.write(Counts.pack(acc.counts.blockBytes(key << 16)));
        }
        // The other counted ids, then their counts in the ids' order.
        LongBitmap rest = new LongBitmap();
        byte[][] varints = {new byte[64]};
        int[] length = {0};
        acc.counts.forEachInOrderExcept(id -> Arrays.binarySearch(dense, id >>> 16) >= 0, (id, c) -> {
            rest.checkedAdd(id);
            if (length[0] + 5 > varints[0].length) {
                varints[0] = Arrays.copyOf(varints[0], varints[0].length * 2);
            }
            byte[] buf = varints[0];
            int n = length[0];
            int zigzag = (c << 1) ^ (c >> 31);
            while ((zigzag & ~0x7F) != 0) {
                buf[n++] = (byte) ((zigzag & 0x7F) | 0x80);
                zigzag >>>= 7;
            }
            buf[n++] = (byte) zigzag;
            length[0] = n;
        });
        writeBytes(out, bytes(rest));
        out.write(varints[0], 0, length[0]);
    }

    @Override
    A read(DataInputView in) throws IOException {
        int version = in.readUnsignedByte();
        if (version == SLICED_VERSION) {
            return readSliced(in);
        }
        if (version != UNBLOCKED_VERSION) {
            checkVersion(name(), VERSION, version);
        }
        A acc = createInstance();
        acc.present = set(readBytes(in));
        if (version == VERSION) {
            int blocks = in.readInt();
            long previous = -1;
            for (int b = 0; b < blocks; b++) {
                long key = in.readLong();
                if (key <= previous || key >>> 48 != 0) {
                    throw new IOException("Invalid " + name() + ": count block key " + key + " out of order");
                }
                previous = key;
                byte[] head = new byte[Counts.WORDS * 8];
                in.readFully(head);
                long[] words = Counts.positions(head);
                int counted = 0;
                for (long word : words) {
                    counted += Long.bitCount(word);
                }
                byte[] counts = new byte[counted];
                in.readFully(counts);
                byte[] block = Counts.unpack(words, counts);
                if (block == null) {
                    throw new IOException("Invalid " + name() + ": count below 2 in the block of key " + key);
                }
                if (acc.present.containerCardinality(key << 16) <= Counts.DENSE_AT
                        || !acc.present.containerHoldsAll(key << 16, words)) {
                    throw new IOException("Invalid " + name() + ": count block of key " + key
                            + " for ids that are not present or not dense");
                }
                acc.counts.adoptBlock(key << 16, block, counted);
            }
        } else {
            acc.promoteDenseContainers(acc.present);
        }
        for (long id : set(readBytes(in)).toArray()) {
            int zigzag = 0;
            for (int shift = 0; ; shift += 7) {
                int b = in.readUnsignedByte();
                zigzag |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
                if (shift >= 28) {
                    throw new IOException("Invalid " + name() + " count varint");
                }
            }
            int c = (zigzag >>> 1) ^ -(zigzag & 1);
            if (c == 0 || c == 1 || (c >= 2) != acc.present.contains(id)) {
                throw new IOException("Invalid " + name() + ": count " + c + " of id " + id);
            }
            acc.counts.put(id, c);
            if (c < 0) {
                acc.negatives++;
            }
        }
        return acc;
    }

    /** Reads format v1 (bit-sliced counts) into the current representation. */
    private A readSliced(DataInputView in) throws IOException {
        LongIntMap sums = new LongIntMap();
        int mask = in.readInt();
        for (int j = 0; j < 32; j++) {
            if ((mask & (1 << j)) != 0) {
                int bit = 1 << j;
                // Partial sums of distinct powers of two are never 0, so the map's empty marker is safe; adding
                // bit 31 wraps to the negative two's-complement count, as in the old format.
                forEachInSlice(readBytes(in), id -> sums.put(id, sums.get(id) + bit));
            }
        }
        A acc = createInstance();
        // In stride order, not slot order: see LongIntMap.
        for (int n = 0, i = 0, step = LongIntMap.step(sums.capacity()); n < sums.capacity();
                n++, i = (i + step) & (sums.capacity() - 1)) {
            int c = sums.valueAt(i);
            if (c != 0) {
                acc.add(sums.keyAt(i), c);
            }
        }
        return acc;
    }

    private static void writeBytes(DataOutputView out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(DataInputView in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            throw new IOException("Invalid length " + length);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }
}
