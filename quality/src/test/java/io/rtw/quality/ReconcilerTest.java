package io.rtw.quality;

import io.rtw.meta.Location;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The reconciliation engine's tolerances and verdicts, on hand-made rows. */
class ReconcilerTest {

    private static final LocalDateTime M1 = LocalDate.of(2026, 11, 21).atStartOfDay().plusMinutes(1);
    private static final LocalDateTime M2 = M1.plusMinutes(1);

    private static final Metric METRIC = new Metric("m", "", Location.ofFile("q.yaml"), "c.d.t", "dt", "minute_end",
            List.of("channel"), Metric.Rows.EVERY_WINDOW, List.of(new Metric.Measure("pv", Metric.Kind.EXACT, 12,
                    Optional.empty(), Optional.empty()), new Metric.Measure("uv_hll", Metric.Kind.HLL, 12, Optional.of("hll"),
                    Optional.empty())), 3, Optional.empty(), Map.of(), List.of(), List.of());

    private static Reconciler.Point point(double pv, double hll, byte[] sketch) {
        return new Reconciler.Point(Map.of("pv", BigDecimal.valueOf(pv), "uv_hll", BigDecimal.valueOf(hll)),
                Map.of("uv_hll", sketch));
    }

    /** Late records at these times, with nothing to sum. */
    private static List<Reconciler.LateRecord> at(LocalDateTime... times) {
        return java.util.Arrays.stream(times).map(t -> new Reconciler.LateRecord(t, Map.of())).toList();
    }

    private static Reconciler.Rows rows(boolean late, Map<LocalDateTime, Reconciler.Point> points) {
        NavigableMap<LocalDateTime, Reconciler.Point> m = new TreeMap<>(points);
        return new Reconciler.Rows(new Metric.Side(late ? "batch" : "stream", "c.d.t", Optional.empty(),
                Optional.empty(), late), Map.of("app", m));
    }

    private static Verdict verdict(List<Reconciler.Difference> ds, LocalDateTime minute, String measure) {
        return ds.stream().filter(d -> d.minute().equals(minute) && d.measure().equals(measure)).findFirst()
                .orElseThrow().verdict();
    }

    @Test
    void equalSketchBytesMustGiveEqualEstimatesOtherwiseKStandardErrors() {
        byte[] same = {1, 2, 3};
        double rse = 1.04 / Math.sqrt(4096);
        double within = 1000 * (1 + 2.9 * rse);
        double beyond = 1000 * (1 + 3.5 * rse); // allowed scales with the larger estimate
        var left = rows(false, Map.of(M1, point(5, 1000, same), M2, point(5, 1000, same)));
        var right = rows(false, Map.of(M1, point(5, 1000.5, same), M2, point(5, within, new byte[] {9})));
        var ds = Reconciler.compare(METRIC, left, right, Reconciler.LateIndex.none());
        assertThat(verdict(ds, M1, "uv_hll")).isEqualTo(Verdict.BREACH);
        assertThat(verdict(ds, M2, "uv_hll")).isEqualTo(Verdict.OK);
        assertThat(ds.stream().filter(d -> d.minute().equals(M2) && d.measure().equals("uv_hll")).findFirst()
                .orElseThrow().allowed().doubleValue()).isEqualTo(3 * rse * within);
        var far = rows(false, Map.of(M1, point(5, 1000.5, same), M2, point(5, beyond, new byte[] {9})));
        assertThat(verdict(Reconciler.compare(METRIC, left, far, Reconciler.LateIndex.none()), M2, "uv_hll"))
                .isEqualTo(Verdict.BREACH);
    }

    @Test
    void lateRecordsExplainOnlyWhatTheyCanAndOnlyInTheirDirection() {
        var stream = rows(false, Map.of(M1, point(5, 0, new byte[0]), M2, point(7, 0, new byte[0])));
        var batch = rows(true, Map.of(M1, point(6, 0, new byte[0]), M2, point(10, 0, new byte[0])));
        // One late record at 00:00:30 (counts for both minutes), one at 00:01:10 (second minute only).
        LocalDateTime start = M1.minusMinutes(1);
        var late = Reconciler.LateIndex.of(Map.of("app", at(start.plusSeconds(30), start.plusSeconds(70))),
                Optional.empty());
        var ds = Reconciler.compare(METRIC, stream, batch, late);
        assertThat(verdict(ds, M1, "pv")).isEqualTo(Verdict.LATE);   // +1 with 1 late record before 00:01
        assertThat(verdict(ds, M2, "pv")).isEqualTo(Verdict.BREACH); // +3 with only 2 late records before 00:02
        // The other way round (left includes late, right not): a right side higher is never explained.
        var reversed = Reconciler.compare(METRIC, rows(true, stream.byKey().get("app")), rows(false,
                batch.byKey().get("app")), late);
        assertThat(verdict(reversed, M1, "pv")).isEqualTo(Verdict.BREACH);
    }

    @Test
    void aMinuteOnOneSideOnlyIsItsOwnVerdict() {
        var left = rows(false, Map.of(M1, point(1, 1, new byte[0])));
        var right = rows(false, Map.of(M2, point(1, 1, new byte[0])));
        var ds = Reconciler.compare(METRIC, left, right, Reconciler.LateIndex.none());
        assertThat(verdict(ds, M1, "pv")).isEqualTo(Verdict.MISSING_RIGHT);
        assertThat(verdict(ds, M2, "uv_hll")).isEqualTo(Verdict.MISSING_LEFT);
    }

    @Test
    void aMinuteOnlyTheLateSideHasIsLateWhenItsLateRecordsCoverIt() {
        // A late record at 00:00:30 before the key's first on-time record: batch has minute 1, stream does not.
        LocalDateTime start = M1.minusMinutes(1);
        var late = Reconciler.LateIndex.of(Map.of("app", at(start.plusSeconds(30))), Optional.empty());
        var stream = rows(false, Map.of(M2, point(1, 1, new byte[0])));
        var batch = rows(true, Map.of(M1, point(1, 1, new byte[0]), M2, point(2, 2, new byte[0])));
        var ds = Reconciler.compare(METRIC, stream, batch, late);
        assertThat(verdict(ds, M1, "pv")).isEqualTo(Verdict.LATE);
        assertThat(verdict(ds, M2, "pv")).isEqualTo(Verdict.LATE);
        // Two records in a minute the stream lacks cannot come from one late record.
        var more = rows(true, Map.of(M1, point(2, 2, new byte[0]), M2, point(2, 2, new byte[0])));
        assertThat(verdict(Reconciler.compare(METRIC, stream, more, late), M1, "pv")).isEqualTo(Verdict.MISSING_LEFT);
    }

    @Test
    void theRollUpKeyCountsEveryLateRecord() {
        LocalDateTime t = M1.minusSeconds(10);
        var late = Reconciler.LateIndex.of(Map.of("a", at(t), "b", at(t, t)), Optional.of("__all__"));
        assertThat(late.before("__all__", M1)).isEqualTo(3);
        assertThat(late.before("b", M1)).isEqualTo(2);
        assertThat(late.before("b", t)).isZero();
        assertThat(late.total("c")).isZero();
    }

    /** A metric with one sum measure, gmv, whose late records' amount explains its differences. */
    private static final Metric GMV = new Metric("m", "", Location.ofFile("q.yaml"), "c.d.t", "dt", "minute_end",
            List.of("shop"), Metric.Rows.EVERY_WINDOW, List.of(new Metric.Measure("gmv", Metric.Kind.SUM, 12,
                    Optional.empty(), Optional.of("amount"))), 3, Optional.empty(), Map.of(), List.of(), List.of());

    private static Reconciler.Rows gmv(boolean late, String... values) {
        NavigableMap<LocalDateTime, Reconciler.Point> m = new TreeMap<>();
        for (int i = 0; i < values.length; i++) {
            m.put(M1.plusMinutes(i), new Reconciler.Point(Map.of("gmv", new BigDecimal(values[i])), Map.of()));
        }
        return new Reconciler.Rows(new Metric.Side(late ? "batch" : "stream", "c.d.t", Optional.empty(),
                Optional.empty(), late), Map.of("s1", m));
    }

    private static Reconciler.LateRecord order(LocalDateTime t, String amount) {
        return new Reconciler.LateRecord(t, Map.of("amount", new BigDecimal(amount)));
    }

    @Test
    void aSumDiffersByExactlyTheLateRecordsAmountsOrBreaches() {
        LocalDateTime start = M1.minusMinutes(1);
        // Late orders of 0.10 at 00:00:30 and 0.20 at 00:01:30: +0.10 from 00:01, +0.30 (not 0.30000000000000004)
        // from 00:02.
        var late = Reconciler.LateIndex.of(Map.of("s1", List.of(order(start.plusSeconds(30), "0.10"),
                order(start.plusSeconds(90), "0.20"))), Optional.empty());
        var stream = gmv(false, "100.00", "200.05", "300.00");
        var batch = gmv(true, "100.10", "200.35", "300.31");
        var ds = Reconciler.compare(GMV, stream, batch, late);
        assertThat(ds).map(d -> d.verdict() + " " + d.diff().toPlainString() + " " + d.lateSum().toPlainString())
                .containsExactly("LATE 0.10 0.10", "LATE 0.30 0.30", "BREACH 0.31 0.30");
        // No late records: any difference is a breach, and an equal value is ok.
        var none = Reconciler.compare(GMV, stream, gmv(true, "100.00", "200.06", "300.00"),
                Reconciler.LateIndex.none());
        assertThat(none).map(Reconciler.Difference::verdict).containsExactly(Verdict.OK, Verdict.BREACH, Verdict.OK);
        // A batch that lacks the late records is a breach too: the sum must be exactly what they add.
        assertThat(Reconciler.compare(GMV, stream, gmv(true, "100.00", "200.05", "300.00"), late))
                .map(Reconciler.Difference::verdict).containsExactly(Verdict.BREACH, Verdict.BREACH, Verdict.BREACH);
        // The other way round (left includes late): right lower by exactly the late amounts.
        assertThat(Reconciler.compare(GMV, gmv(true, "100.10", "200.35", "300.30"), gmv(false, "100.00", "200.05",
                "300.00"), late)).map(Reconciler.Difference::verdict).containsOnly(Verdict.LATE);
    }

    @Test
    void aSumMinuteOnlyTheLateSideHasIsLateWhenItIsExactlyTheLateAmount() {
        LocalDateTime start = M1.minusMinutes(1);
        var late = Reconciler.LateIndex.of(Map.of("s1", List.of(order(start.plusSeconds(30), "12.34"))),
                Optional.of("__all__"));
        var stream = new Reconciler.Rows(gmv(false).side(), Map.of());
        assertThat(Reconciler.compare(GMV, stream, gmv(true, "12.34"), late)).singleElement()
                .satisfies(d -> assertThat(d.verdict()).isEqualTo(Verdict.LATE));
        assertThat(Reconciler.compare(GMV, stream, gmv(true, "12.35"), late)).singleElement()
                .satisfies(d -> assertThat(d.verdict()).isEqualTo(Verdict.MISSING_LEFT));
        assertThat(late.sumBefore("__all__", "amount", M1)).isEqualByComparingTo("12.34");
        assertThat(late.sumBefore("s1", "amount", start.plusSeconds(30))).isEqualByComparingTo("0");
    }

    private static Reconciler.Rows sparse(boolean late, Map<Integer, String> gmvByMinute) {
        NavigableMap<LocalDateTime, Reconciler.Point> m = new TreeMap<>();
        gmvByMinute.forEach((minute, v) -> m.put(M1.minusMinutes(1).plusMinutes(minute), new Reconciler.Point(
                Map.of("gmv", new BigDecimal(v)), Map.of())));
        return new Reconciler.Rows(new Metric.Side(late ? "batch" : "stream", "c.d.t", Optional.empty(),
                Optional.empty(), late), Map.of("s1", m));
    }

    @Test
    void rowsOnChangeHoldAKeysValueUntilItsNextRow() {
        Metric onChange = new Metric("m", "", Location.ofFile("q.yaml"), "c.d.t", "dt", "minute_end", List.of("shop"),
                Metric.Rows.ON_CHANGE, GMV.measures(), 3, Optional.empty(), Map.of(), List.of(), List.of());
        LocalDateTime start = M1.minusMinutes(1);
        // Late orders of 0.25 at 00:00:30 (before the key's first on-time order) and 0.50 at 00:02:30.
        var late = Reconciler.LateIndex.of(Map.of("s1", List.of(order(start.plusSeconds(30), "0.25"),
                order(start.plusSeconds(150), "0.50"))), Optional.empty());
        // The stream writes the key at 00:02 and 00:04 only; the batch also at 00:01 and 00:03, late orders alone.
        var stream = sparse(false, Map.of(2, "10.00", 4, "20.00"));
        var batch = sparse(true, Map.of(1, "0.25", 2, "10.25", 3, "10.75", 4, "20.75"));
        assertThat(Reconciler.compare(onChange, stream, batch, late)).map(d -> d.minute().toLocalTime() + " "
                + d.left().toPlainString() + " " + d.verdict()).containsExactly("00:01 0 LATE", "00:02 10.00 LATE",
                        "00:03 10.00 LATE", "00:04 20.00 LATE");
        // Every window end written: 00:03, only in the batch and not late orders alone, is missing in the stream
        // (00:01 is: the key's first orders were late).
        assertThat(Reconciler.compare(GMV, stream, batch, late)).map(Reconciler.Difference::verdict)
                .containsExactly(Verdict.LATE, Verdict.LATE, Verdict.MISSING_LEFT, Verdict.LATE);
        // A change the late orders do not explain is a breach, held value or not.
        var more = sparse(true, Map.of(1, "0.25", 2, "10.25", 3, "11.75", 4, "20.75"));
        assertThat(Reconciler.compare(onChange, stream, more, late)).map(Reconciler.Difference::verdict)
                .containsExactly(Verdict.LATE, Verdict.LATE, Verdict.BREACH, Verdict.LATE);
    }
}
