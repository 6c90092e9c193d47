package io.rtw.udf;

import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.theta.SetOperation;
import org.apache.datasketches.theta.Sketch;
import org.apache.datasketches.theta.Union;

/** Theta helpers shared by the theta_* functions: reading bytes and the canonical union. */
final class Theta {

    private static final byte[] EMPTY = newUnion(Params.DEFAULT_K).getResult(true, null).toByteArray();

    private Theta() {}

    static Sketch read(String function, byte[] bytes) {
        try {
            return Sketch.wrap(Memory.wrap(bytes));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    function + ": argument is not a DataSketches Theta sketch (" + bytes.length + " bytes): " + e.getMessage(), e);
        }
    }

    static Union newUnion(int k) {
        return SetOperation.builder().setNominalEntries(k).buildUnion();
    }

    /**
     * The union's result in the compact ordered form: the k smallest hashes and theta = the (k+1)-th smallest, which
     * depends only on the set of ids, so a direct sketch and any union of pieces are byte-identical.
     */
    static byte[] result(Union union) {
        return union.getResult(true, null).toByteArray();
    }

    static byte[] empty() {
        return EMPTY.clone();
    }
}
