package io.rtw.udf;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/** Base of the accumulators' explicit serializers (stateless, versioned formats; no Kryo anywhere). */
abstract class AccumulatorSerializer<T> extends TypeSerializer<T> {

    private static final long serialVersionUID = 1L;

    abstract void write(T value, DataOutputView out) throws IOException;

    abstract T read(DataInputView in) throws IOException;

    static void checkVersion(String what, int expected, int actual) throws IOException {
        if (actual != expected) {
            throw new IOException("Unsupported " + what + " format version " + actual + ", this build reads " + expected);
        }
    }

    /** The value's serialized bytes, as stored in state and checkpoints. */
    final byte[] toBytes(T value) {
        try {
            DataOutputSerializer out = new DataOutputSerializer(256);
            write(value, out);
            return out.getCopyOfBuffer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    final T fromBytes(byte[] bytes) {
        try {
            return read(new DataInputDeserializer(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<T> duplicate() {
        return this;
    }

    @Override
    public T copy(T from) {
        return fromBytes(toBytes(from));
    }

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(T record, DataOutputView target) throws IOException {
        write(record, target);
    }

    @Override
    public T deserialize(DataInputView source) throws IOException {
        return read(source);
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return read(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        write(read(source), target);
    }

    @Override
    public boolean equals(Object obj) {
        return obj != null && obj.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return getClass().hashCode();
    }
}
