package io.rtw.quality;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The reconciliation engine: aligns two results of one metric on key and window end and judges every measure with
 * the metric's tolerance (exact; for sketches zero when the sketch bytes are equal, else k standard errors), then
 * lets the late records of a key explain a difference in the direction the sides' late handling predicts.
 */
final class Reconciler {

    /** One row's measure values (null when NULL) and, for sketch measures, the sketch bytes. */
    record Point(Map<String, Double> values, Map<String, byte[]> sketches) {}

    /** One result of the metric for a day: key to window end to point. */
    record Rows(Metric.Side side, Map<String, NavigableMap<LocalDateTime, Point>> byKey) {}

    /** The judgement of one key, window end and measure. */
    record Difference(String key, LocalDateTime minute, String measure, Double left, Double right, Double diff,
            double allowed, Verdict verdict, long late) {}

    /** The event times of the late records per key, to count those before a window end. */
    static final class LateIndex {
        private final Map<String, long[]> sortedMillis;

        private LateIndex(Map<String, long[]> sortedMillis) {
            this.sortedMillis = sortedMillis;
        }

        static LateIndex none() {
            return new LateIndex(Map.of());
        }

        /** From late records' keys and event times; {@code allValue} (the roll-up key) counts every record. */
        static LateIndex of(Map<String, List<LocalDateTime>> times, java.util.Optional<String> allValue) {
            Map<String, long[]> out = new TreeMap<>();
            List<LocalDateTime> all = new ArrayList<>();
            times.forEach((k, v) -> {
                out.put(k, sorted(v));
                all.addAll(v);
            });
            allValue.ifPresent(a -> out.put(a, sorted(all)));
            return new LateIndex(out);
        }

        private static long[] sorted(List<LocalDateTime> times) {
            long[] a = times.stream().mapToLong(t -> t.toEpochSecond(java.time.ZoneOffset.UTC) * 1000
                    + t.getNano() / 1_000_000).toArray();
            Arrays.sort(a);
            return a;
        }

        /** Late records of {@code key} with an event time before {@code end}. */
        long before(String key, LocalDateTime end) {
            long[] a = sortedMillis.get(key);
            if (a == null) {
                return 0;
            }
            long e = end.toEpochSecond(java.time.ZoneOffset.UTC) * 1000 + end.getNano() / 1_000_000;
            int i = Arrays.binarySearch(a, e);
            if (i < 0) {
                return -i - 1;
            }
            while (i > 0 && a[i - 1] == e) {
                i--;
            }
            return i;
        }

        /** Every late record of {@code key}. */
        long total(String key) {
            long[] a = sortedMillis.get(key);
            return a == null ? 0 : a.length;
        }
    }

    private Reconciler() {}

    /** Every key, window end and measure of the two results, judged; sorted by key, minute, measure order. */
    static List<Difference> compare(Metric metric, Rows left, Rows right, LateIndex late) {
        int direction = Boolean.compare(right.side().lateIncluded(), left.side().lateIncluded());
        List<Difference> out = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(left.byKey().keySet());
        keys.addAll(right.byKey().keySet());
        for (String key : keys) {
            NavigableMap<LocalDateTime, Point> l = left.byKey().getOrDefault(key, Collections.emptyNavigableMap());
            NavigableMap<LocalDateTime, Point> r = right.byKey().getOrDefault(key, Collections.emptyNavigableMap());
            TreeSet<LocalDateTime> minutes = new TreeSet<>(l.keySet());
            minutes.addAll(r.keySet());
            for (LocalDateTime minute : minutes) {
                Point lp = l.get(minute);
                Point rp = r.get(minute);
                long lateCount = late.before(key, minute);
                for (Metric.Measure m : metric.measures()) {
                    Double lv = lp == null ? null : lp.values().get(m.column());
                    Double rv = rp == null ? null : rp.values().get(m.column());
                    if (lp == null || rp == null) {
                        // A minute only the late-including side has, no bigger than the late records before it, is
                        // late records alone (e.g. a late event before a key's first on-time one).
                        Double present = lp == null ? rv : lv;
                        boolean lateFreeSideMissing = lp == null ? direction > 0 : direction < 0;
                        Verdict v = lateFreeSideMissing && present != null && present <= lateCount ? Verdict.LATE
                                : lp == null ? Verdict.MISSING_LEFT : Verdict.MISSING_RIGHT;
                        out.add(new Difference(key, minute, m.column(), lv, rv, null, 0, v, lateCount));
                        continue;
                    }
                    double allowed = allowed(metric, m, lp, rp);
                    Verdict v;
                    Double diff = lv == null || rv == null ? null : rv - lv;
                    if (lv == null || rv == null) {
                        v = lv == rv ? Verdict.OK : Verdict.BREACH;
                    } else if (Math.abs(diff) <= allowed) {
                        v = Verdict.OK;
                    } else if (direction != 0 && diff * direction > 0 && Math.abs(diff) <= allowed + lateCount) {
                        v = Verdict.LATE;
                    } else {
                        v = Verdict.BREACH;
                    }
                    out.add(new Difference(key, minute, m.column(), lv, rv, diff, allowed, v, lateCount));
                }
            }
        }
        return out;
    }

    /** The largest difference two values of {@code m} may have and still agree. */
    static double allowed(Metric metric, Metric.Measure m, Point left, Point right) {
        if (m.kind() == Metric.Kind.EXACT) {
            return 0;
        }
        if (m.sketchColumn().isPresent()) {
            byte[] a = left.sketches().get(m.column());
            byte[] b = right.sketches().get(m.column());
            if (a != null && b != null && Arrays.equals(a, b)) {
                return 0;
            }
        }
        double scale = Math.max(Math.abs(Objects.requireNonNullElse(left.values().get(m.column()), 0.0)),
                Math.abs(Objects.requireNonNullElse(right.values().get(m.column()), 0.0)));
        return metric.toleranceK() * m.relativeStandardError() * scale;
    }
}
