package io.rtw.udf;

import java.util.ArrayList;
import java.util.List;

/** Drives the aggregate functions the way Flink does (create, accumulate, merge, getValue), without Flink. */
final class Aggs {

    private Aggs() {}

    static byte[] hll(HllBuildAggregate<byte[]> f, long... ids) {
        HllAccumulator acc = f.createAccumulator();
        for (long id : ids) {
            f.accumulate(acc, id);
        }
        return f.getValue(acc);
    }

    static byte[] hllStrings(HllBuildAggregate<byte[]> f, String... ids) {
        HllAccumulator acc = f.createAccumulator();
        for (String id : ids) {
            f.accumulate(acc, id);
        }
        return f.getValue(acc);
    }

    static long value(HllBuildAggregate<Long> f, long... ids) {
        HllAccumulator acc = f.createAccumulator();
        for (long id : ids) {
            f.accumulate(acc, id);
        }
        return f.getValue(acc);
    }

    static byte[] theta(ThetaBuildAggregate<byte[]> f, long... ids) {
        ThetaAccumulator acc = f.createAccumulator();
        for (long id : ids) {
            f.accumulate(acc, id);
        }
        return f.getValue(acc);
    }

    static byte[] thetaStrings(ThetaBuildAggregate<byte[]> f, String... ids) {
        ThetaAccumulator acc = f.createAccumulator();
        for (String id : ids) {
            f.accumulate(acc, id);
        }
        return f.getValue(acc);
    }

    static long value(ThetaBuildAggregate<Long> f, long... ids) {
        ThetaAccumulator acc = f.createAccumulator();
        for (long id : ids) {
            f.accumulate(acc, id);
        }
        return f.getValue(acc);
    }

    static byte[] bitmap32(Bitmap32BuildAggregate<byte[]> f, int... ids) {
        Bitmap32Accumulator acc = f.createAccumulator();
        for (int id : ids) {
            f.accumulate(acc, id);
        }
        return f.getValue(acc);
    }

    static byte[] bitmap64(Bitmap64BuildAggregate<byte[]> f, long... ids) {
        Bitmap64Accumulator acc = f.createAccumulator();
        for (long id : ids) {
            f.accumulate(acc, id);
        }
        return f.getValue(acc);
    }

    static byte[] bitmap64Strings(Bitmap64BuildAggregate<byte[]> f, String... ids) {
        Bitmap64Accumulator acc = f.createAccumulator();
        for (String id : ids) {
            f.accumulate(acc, id);
        }
        return f.getValue(acc);
    }

    static long value(Bitmap64BuildAggregate<Long> f, long... ids) {
        Bitmap64Accumulator acc = f.createAccumulator();
        for (long id : ids) {
            f.accumulate(acc, id);
        }
        return f.getValue(acc);
    }

    static byte[] union(HllUnionFunction f, List<byte[]> pieces) {
        HllAccumulator acc = f.createAccumulator();
        pieces.forEach(p -> f.accumulate(acc, p));
        return f.getValue(acc);
    }

    static byte[] union(ThetaUnionFunction f, List<byte[]> pieces) {
        ThetaAccumulator acc = f.createAccumulator();
        pieces.forEach(p -> f.accumulate(acc, p));
        return f.getValue(acc);
    }

    static byte[] union(BitmapUnionFunction f, List<byte[]> pieces) {
        Bitmap32Accumulator acc = f.createAccumulator();
        pieces.forEach(p -> f.accumulate(acc, p));
        return f.getValue(acc);
    }

    static byte[] union(Bitmap64UnionFunction f, List<byte[]> pieces) {
        Bitmap64Accumulator acc = f.createAccumulator();
        pieces.forEach(p -> f.accumulate(acc, p));
        return f.getValue(acc);
    }

    /** Local aggregation in {@code parts} round-robin partitions, accumulators shipped through the serializer, then merged. */
    static byte[] twoPhase(HllBuildAggregate<byte[]> f, long[] ids, int parts) {
        HllAccumulatorSerializer serializer = new HllAccumulatorSerializer();
        List<HllAccumulator> locals = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            locals.add(f.createAccumulator());
        }
        for (int i = 0; i < ids.length; i++) {
            f.accumulate(locals.get(i % parts), ids[i]);
        }
        List<HllAccumulator> shipped = new ArrayList<>();
        locals.forEach(l -> shipped.add(serializer.fromBytes(serializer.toBytes(l))));
        HllAccumulator global = f.createAccumulator();
        f.merge(global, shipped);
        return f.getValue(global);
    }

    static byte[] twoPhase(ThetaBuildAggregate<byte[]> f, long[] ids, int parts) {
        ThetaAccumulatorSerializer serializer = new ThetaAccumulatorSerializer();
        List<ThetaAccumulator> locals = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            locals.add(f.createAccumulator());
        }
        for (int i = 0; i < ids.length; i++) {
            f.accumulate(locals.get(i % parts), ids[i]);
        }
        List<ThetaAccumulator> shipped = new ArrayList<>();
        locals.forEach(l -> shipped.add(serializer.fromBytes(serializer.toBytes(l))));
        ThetaAccumulator global = f.createAccumulator();
        f.merge(global, shipped);
        return f.getValue(global);
    }
}
