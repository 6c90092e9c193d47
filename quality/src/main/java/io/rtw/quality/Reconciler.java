package io.rtw.quality;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The reconciliation engine: aligns two results of one metric on key and window end and judges every measure with
 * the metric's tolerance (exact kinds exactly, as decimals; sketches zero when the sketch bytes are equal, else k
 * standard errors), then lets the late records of a key explain a difference in the direction the sides' late
 * handling predicts: an exact count by at most their number, a sum by exactly the sum of their late column.
 */
final class Reconciler {

    /** One row's measure values (null when NULL) and, for sketch measures, the sketch bytes. */
    record Point(Map<String, BigDecimal> values, Map<String, byte[]> sketches) {}

    /** One result of the metric for a day: key to window end to point. */
    record Rows(Metric.Side side, Map<String, NavigableMap<LocalDateTime, Point>> byKey) {}

    /**
     * The judgement of one key, window end and measure.
     *
     * @param diff right minus left; null when either is NULL or missing
     * @param late the late records of the key before the window end
     * @param lateSum for a sum measure, the sum of their late column (what the difference must be); else null
     */
    record Difference(String key, LocalDateTime minute, String measure, BigDecimal left, BigDecimal right,
            BigDecimal diff, BigDecimal allowed, Verdict verdict, long late, BigDecimal lateSum) {}

    /**
     * A late record: its event time and the values of the late columns sum measures add up (NULL counts as 0, as in
     * SQL's SUM).
     */
    record LateRecord(LocalDateTime time, Map<String, BigDecimal> values) {}

    /** The late records per key, by event time, to count those before a window end and sum their columns. */
    static final class LateIndex {
        /** One key's records: event times in order and, per late column, the running sums (entry i: first i). */
        private record Keyed(long[] millis, Map<String, BigDecimal[]> prefixSums) {}

        private final Map<String, Keyed> byKey;

        private LateIndex(Map<String, Keyed> byKey) {
            this.byKey = byKey;
        }

        static LateIndex none() {
            return new LateIndex(Map.of());
        }

        /** From late records per key; {@code allValue} (the roll-up key) holds every record. */
        static LateIndex of(Map<String, List<LateRecord>> records, Optional<String> allValue) {
            Map<String, Keyed> out = new TreeMap<>();
            List<LateRecord> all = new ArrayList<>();
            records.forEach((k, v) -> {
                out.put(k, keyed(v));
                all.addAll(v);
            });
            allValue.ifPresent(a -> out.put(a, keyed(all)));
            return new LateIndex(out);
        }

        private static Keyed keyed(List<LateRecord> records) {
            List<LateRecord> sorted = new ArrayList<>(records);
            sorted.sort(Comparator.comparing(LateRecord::time));
            long[] millis = sorted.stream().mapToLong(r -> millis(r.time())).toArray();
            Map<String, BigDecimal[]> sums = new TreeMap<>();
            sorted.forEach(r -> r.values().keySet().forEach(c -> sums.computeIfAbsent(c, x -> {
                BigDecimal[] s = new BigDecimal[sorted.size() + 1];
                s[0] = BigDecimal.ZERO;
                for (int i = 0; i < sorted.size(); i++) {
                    BigDecimal v = sorted.get(i).values().get(c);
                    s[i + 1] = v == null ? s[i] : s[i].add(v);
                }
                return s;
            })));
            return new Keyed(millis, sums);
        }

        private static long millis(LocalDateTime t) {
            return t.toEpochSecond(ZoneOffset.UTC) * 1000 + t.getNano() / 1_000_000;
        }

        /** Late records of {@code key} with an event time before {@code end}. */
        long before(String key, LocalDateTime end) {
            Keyed k = byKey.get(key);
            if (k == null) {
                return 0;
            }
            long e = millis(end);
            int lo = 0;
            int hi = k.millis().length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (k.millis()[mid] < e) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }

        /** The sum of {@code column} over the late records of {@code key} with an event time before {@code end}. */
        BigDecimal sumBefore(String key, String column, LocalDateTime end) {
            Keyed k = byKey.get(key);
            BigDecimal[] sums = k == null ? null : k.prefixSums().get(column);
            return sums == null ? BigDecimal.ZERO : sums[(int) before(key, end)];
        }

        /** Every late record of {@code key}. */
        long total(String key) {
            Keyed k = byKey.get(key);
            return k == null ? 0 : k.millis().length;
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
                if (metric.rows() == Metric.Rows.ON_CHANGE) {
                    // No row: the key's value has not changed since its last row (nothing yet before its first).
                    lp = lp != null ? lp : held(l, minute, metric);
                    rp = rp != null ? rp : held(r, minute, metric);
                }
                long lateCount = late.before(key, minute);
                for (Metric.Measure m : metric.measures()) {
                    out.add(judge(m, key, minute, lp, rp, direction, lateCount, lateSum(m, late, direction, key,
                            minute), metric.toleranceK()));
                }
            }
        }
        return out;
    }

    /** A side's value at a window end it has no row for: its last earlier row's, or 0 before its first. */
    private static Point held(NavigableMap<LocalDateTime, Point> rows, LocalDateTime minute, Metric metric) {
        Map.Entry<LocalDateTime, Point> before = rows.lowerEntry(minute);
        if (before != null) {
            return before.getValue();
        }
        Map<String, BigDecimal> zero = new java.util.HashMap<>();
        metric.measures().forEach(m -> zero.put(m.column(), BigDecimal.ZERO));
        return new Point(zero, Map.of());
    }

    /** What the late records add to a sum measure up to {@code minute}; null for other kinds. */
    private static BigDecimal lateSum(Metric.Measure m, LateIndex late, int direction, String key,
            LocalDateTime minute) {
        if (m.kind() != Metric.Kind.SUM) {
            return null;
        }
        return direction == 0 || m.lateColumn().isEmpty() ? BigDecimal.ZERO
                : late.sumBefore(key, m.lateColumn().get(), minute);
    }

    private static Difference judge(Metric.Measure m, String key, LocalDateTime minute, Point lp, Point rp,
            int direction, long lateCount, BigDecimal lateSum, double k) {
        BigDecimal lv = lp == null ? null : lp.values().get(m.column());
        BigDecimal rv = rp == null ? null : rp.values().get(m.column());
        if (lateSum != null) {
            // Shown like the values it is compared with: no late records explain 0.00 of a DECIMAL(12, 2).
            lateSum = lateSum.setScale(Math.max(lateSum.scale(), Math.max(lv == null ? 0 : lv.scale(),
                    rv == null ? 0 : rv.scale())));
        }
        if (lp == null || rp == null) {
            // A minute only the late-including side has, made of late records alone (e.g. a late event before a
            // key's first on-time one), is late; any other minute on one side only is missing on the other.
            BigDecimal present = lp == null ? rv : lv;
            boolean lateFreeSideMissing = lp == null ? direction > 0 : direction < 0;
            boolean explained = lateFreeSideMissing && present != null && lateCount > 0
                    && (lateSum != null ? present.compareTo(lateSum) == 0
                            : present.compareTo(BigDecimal.valueOf(lateCount)) <= 0);
            Verdict v = explained ? Verdict.LATE : lp == null ? Verdict.MISSING_LEFT : Verdict.MISSING_RIGHT;
            return new Difference(key, minute, m.column(), lv, rv, null, BigDecimal.ZERO, v, lateCount, lateSum);
        }
        BigDecimal allowed = allowed(m, k, lp, rp);
        if (lv == null || rv == null) {
            return new Difference(key, minute, m.column(), lv, rv, null, allowed, lv == rv ? Verdict.OK
                    : Verdict.BREACH, lateCount, lateSum);
        }
        BigDecimal diff = rv.subtract(lv);
        Verdict v;
        if (lateSum != null) {
            // Exactly what the late records add, in the direction the sides predict; no late records: equal.
            BigDecimal expected = lateSum.multiply(BigDecimal.valueOf(direction));
            v = diff.compareTo(expected) != 0 ? Verdict.BREACH : diff.signum() == 0 ? Verdict.OK : Verdict.LATE;
        } else if (diff.abs().compareTo(allowed) <= 0) {
            v = Verdict.OK;
        } else if (direction != 0 && diff.signum() == direction
                && diff.abs().compareTo(allowed.add(BigDecimal.valueOf(lateCount))) <= 0) {
            v = Verdict.LATE;
        } else {
            v = Verdict.BREACH;
        }
        return new Difference(key, minute, m.column(), lv, rv, diff, allowed, v, lateCount, lateSum);
    }

    /** The largest difference two values of {@code m} may have and still agree. */
    static BigDecimal allowed(Metric.Measure m, double toleranceK, Point left, Point right) {
        if (m.kind().exact()) {
            return BigDecimal.ZERO;
        }
        if (m.sketchColumn().isPresent()) {
            byte[] a = left.sketches().get(m.column());
            byte[] b = right.sketches().get(m.column());
            if (a != null && b != null && Arrays.equals(a, b)) {
                return BigDecimal.ZERO;
            }
        }
        // Sketch estimates are doubles: their tolerance is a bound on an estimate, not an amount.
        double scale = Math.max(abs(left.values().get(m.column())), abs(right.values().get(m.column())));
        return BigDecimal.valueOf(toleranceK * m.relativeStandardError() * scale);
    }

    private static double abs(BigDecimal v) {
        return v == null ? 0 : Math.abs(v.doubleValue());
    }
}
