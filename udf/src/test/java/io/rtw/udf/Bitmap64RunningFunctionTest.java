package io.rtw.udf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.longlong.Roaring64Bitmap;

/** bitmap64_running row by row, against sets in plain Java: counts, the ids each row adds, snapshots. */
class Bitmap64RunningFunctionTest {

    private final Bitmap64RunningFunction f = new Bitmap64RunningFunction();

    @Test
    void eachRowAddsOnlyTheIdsNotSeenBeforeAndCountsTheSet() throws Exception {
        Random random = new Random(7);
        Bitmap64RunningFunction.Accumulator acc = f.createAccumulator();
        Set<Long> seen = new TreeSet<>();
        for (int row = 0; row < 200; row++) {
            Set<Long> ids = new TreeSet<>();
            int n = random.nextInt(300);
            for (int i = 0; i < n; i++) {
                // Dense low ids, scattered 64-bit ids and negative ones: every container kind and key range.
                ids.add(switch (i % 3) {
                    case 0 -> (long) random.nextInt(200_000);
                    case 1 -> random.nextLong();
                    default -> -1L - random.nextInt(1_000);
                });
            }
            Set<Long> expectedFresh = new TreeSet<>(ids);
            expectedFresh.removeAll(seen);
            seen.addAll(ids);

            f.accumulate(acc, bytes(ids));
            Row value = f.getValue(acc);
            assertThat(value.getField(0)).as("row %s", row).isEqualTo((long) seen.size());
            assertThat(ids((byte[]) value.getField(1))).as("row %s", row).isEqualTo(expectedFresh);
            assertThat(value.getField(2)).isNull();
        }
    }

    @Test
    void freshIsNullWhenTheRowAddsNothingAndNullIdsChangeNothing() throws Exception {
        Bitmap64RunningFunction.Accumulator acc = f.createAccumulator();
        f.accumulate(acc, bytes(Set.of(1L, 2L)));
        f.accumulate(acc, bytes(Set.of(2L)));
        assertThat(f.getValue(acc).getField(0)).isEqualTo(2L);
        assertThat(f.getValue(acc).getField(1)).isNull();
        f.accumulate(acc, null);
        assertThat(f.getValue(acc).getField(0)).isEqualTo(2L);
        assertThat(f.getValue(acc).getField(1)).isNull();
    }

    @Test
    void aSnapshotIsTheWholeSetInCanonicalBytesOnlyOnTheRowThatAsks() throws Exception {
        Bitmap64RunningFunction.Accumulator acc = f.createAccumulator();
        Set<Long> all = new TreeSet<>();
        List<Set<Long>> rows = List.of(Set.of(5L, 70_000L, Long.MIN_VALUE), Set.of(5L, 6L), Set.of(1L << 40, 7L));
        for (Set<Long> ids : rows) {
            f.accumulate(acc, bytes(ids));
            all.addAll(ids);
        }
        f.accumulate(acc, bytes(Set.of(8L)), true);
        all.add(8L);
        byte[] snapshot = (byte[]) f.getValue(acc).getField(2);
        assertThat(ids(snapshot)).isEqualTo(all);
        assertThat(snapshot).isEqualTo(bytes(all)); // equal sets give equal bytes
        f.accumulate(acc, bytes(Set.of(9L)), false);
        assertThat(f.getValue(acc).getField(2)).isNull();
    }

    private static byte[] bytes(Set<Long> ids) {
        Roaring64Bitmap b = new Roaring64Bitmap();
        ids.forEach(b::addLong);
        return Bitmaps.write64(b);
    }

    private static Set<Long> ids(byte[] bytes) {
        Set<Long> out = new TreeSet<>();
        if (bytes != null) {
            List<Long> list = new ArrayList<>();
            Bitmaps.read64("test", bytes).forEach(list::add);
            out.addAll(list);
        }
        return out;
    }
}
