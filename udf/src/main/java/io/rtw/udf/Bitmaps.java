package io.rtw.udf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.apache.datasketches.hash.MurmurHash3;
import org.roaringbitmap.RoaringBitmap;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;
import org.roaringbitmap.longlong.HighLowContainer;
import org.roaringbitmap.longlong.Roaring64Bitmap;

/**
 * Byte formats of the bitmap functions and the STRING id hash. 32-bit: RoaringBitmap's portable format (Paimon
 * {@code rbm32}). 64-bit: {@code Roaring64Bitmap}'s own serialization, which is what Paimon's {@code rbm64} reads.
 */
final class Bitmaps {

    /** Seed of the STRING id hash (the DataSketches default seed); part of the stored format, never change it. */
    static final long STRING_HASH_SEED = 9001L;

    private Bitmaps() {}

    /** STRING id to 64-bit id: the first half of MurmurHash3_x64_128 over the UTF-8 bytes, seed 9001. */
    static long hash(String id) {
        return MurmurHash3.hash(id.getBytes(StandardCharsets.UTF_8), STRING_HASH_SEED)[0];
    }

    static RoaringBitmap read32(String function, byte[] bytes) {
        RoaringBitmap bitmap = new RoaringBitmap();
        try {
            bitmap.deserialize(ByteBuffer.wrap(bytes));
        } catch (IOException | RuntimeException e) {
            throw notA(function, "32-bit Roaring bitmap", bytes, e);
        }
        return bitmap;
    }

    static long cardinality32(String function, byte[] bytes) {
        try {
            return new ImmutableRoaringBitmap(ByteBuffer.wrap(bytes)).getLongCardinality();
        } catch (RuntimeException e) {
            throw notA(function, "32-bit Roaring bitmap", bytes, e);
        }
    }

    /** Run-optimizes {@code bitmap} (content unchanged) and returns its portable bytes. */
    static byte[] write32(RoaringBitmap bitmap) {
        bitmap.runOptimize();
        return serialize32(bitmap);
    }

    static byte[] serialize32(RoaringBitmap bitmap) {
        ByteBuffer buffer = ByteBuffer.allocate(bitmap.serializedSizeInBytes());
        bitmap.serialize(buffer);
        return buffer.array();
    }

    static Roaring64Bitmap read64(String function, byte[] bytes) {
        Roaring64Bitmap bitmap = new Roaring64Bitmap();
        try {
            bitmap.deserialize(ByteBuffer.wrap(bytes));
        } catch (IOException | RuntimeException e) {
            throw notA(function, "64-bit Roaring bitmap (Roaring64Bitmap)", bytes, e);
        }
        return bitmap;
    }

    /**
     * The canonical serialized bytes of {@code bitmap}'s content. Roaring64Bitmap's format numbers its containers in
     * insertion order, so the same set can serialize differently; copying it with {@code or} into a new bitmap
     * renumbers them in key order, which makes equal sets give equal bytes.
     */
    static byte[] write64(Roaring64Bitmap bitmap) {
        Roaring64Bitmap canonical = new Roaring64Bitmap();
        canonical.or(bitmap);
        canonical.runOptimize();
        return serialize64(canonical);
    }

    /** The bytes of a 64-bit bitmap's container index: what {@code Roaring64Bitmap.serialize} writes of its own. */
    static byte[] serialize64(HighLowContainer bitmap) {
        return serialize(bitmap.serializedSizeInBytes(), bitmap::serialize);
    }

    static byte[] serialize64(Roaring64Bitmap bitmap) {
        return serialize(bitmap.serializedSizeInBytes(), bitmap::serialize);
    }

    /** Something that writes itself into a buffer. */
    private interface Writer {
        void write(ByteBuffer buffer) throws IOException;
    }

    /** One buffer of the exact size: the DataOutput forms write the same bytes one field at a time. */
    private static byte[] serialize(long size, Writer writer) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(size));
            writer.write(buffer);
            return buffer.array();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static IllegalArgumentException notA(String function, String what, byte[] bytes, Exception e) {
        return new IllegalArgumentException(
                function + ": argument is not a " + what + " (" + bytes.length + " bytes): " + e.getMessage(), e);
    }
}
