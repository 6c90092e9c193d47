package io.rtw.udf;

import java.io.IOException;
import java.util.Arrays;
import java.util.function.LongConsumer;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Base of the bitmap accumulators' serializers; writes format v2 and reads v1 and v2.
 *
 * <p>v2 (this build): byte version (2); int length and the bytes of the set of present ids (count >= 1); int length
 * and the bytes of the set K of ids whose count is neither 0 nor 1; then, for each id of K in increasing unsigned
 * order, its count as a zigzag varint. Sets are in the width's library format (32-bit: RoaringBitmap's portable
 * format; 64-bit: Roaring64Bitmap's portable format, see {@link LongBitmap#toPortableBytes}), run containers written
 * as array or bitmap containers, so equal counts give equal bytes.
 *
 * <p>v1 (earlier builds, read only): byte version (1), int mask of the non-empty slices (bit j = slice j), then per
 * such slice in increasing j an int length and the slice's bitmap bytes (32-bit: portable RoaringBitmap; 64-bit:
 * {@code Roaring64Bitmap.serialize}); slice j held the ids whose count, in 32-bit two's complement, has bit j set.
 */
abstract class CountedIdsSerializer<A extends CountedIds> extends AccumulatorSerializer<A> {

    private static final long serialVersionUID = 1L;
    static final int VERSION = 2;
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
        long[] counted = acc.counts.keys();
        for (int i = 0; i < counted.length; i++) {
            counted[i] ^= Long.MIN_VALUE; // signed order of (id ^ MIN) is the unsigned order of id
        }
        Arrays.sort(counted);
        for (int i = 0; i < counted.length; i++) {
            counted[i] ^= Long.MIN_VALUE;
        }
        writeBytes(out, bytes(CountedIds.setOf(counted, counted.length)));
        for (long id : counted) {
            int c = acc.counts.get(id);
            int zigzag = (c << 1) ^ (c >> 31);
            while ((zigzag & ~0x7F) != 0) {
                out.writeByte((zigzag & 0x7F) | 0x80);
                zigzag >>>= 7;
            }
            out.writeByte(zigzag);
        }
    }

    @Override
    A read(DataInputView in) throws IOException {
        int version = in.readUnsignedByte();
        if (version == SLICED_VERSION) {
            return readSliced(in);
        }
        checkVersion(name(), VERSION, version);
        A acc = createInstance();
        acc.present = set(readBytes(in));
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
