package io.rtw.quality;

import io.rtw.meta.Location;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;

/** Each DQC rule kind fires on a crafted breach and stays silent on a clean day; streaks and baselines. */
class RulesTest {

    private static final LocalDate T = LocalDate.of(2026, 11, 21);
    private static final int MINUTES = 60;

    /** A clean cumulative curve: 100 at midnight, 10 views a minute, slightly more every day. */
    private static double clean(LocalDate day, int minute) {
        return 100 + minute * 10.0 + (day.toEpochDay() - T.toEpochDay());
    }

    private static Map<LocalDate, Map<String, NavigableMap<LocalDateTime, Reconciler.Point>>> days(
            BiFunction<LocalDate, Integer, Double> value) {
        Map<LocalDate, Map<String, NavigableMap<LocalDateTime, Reconciler.Point>>> out = new TreeMap<>();
        for (int d = 0; d <= 14; d++) {
            LocalDate day = T.minusDays(d);
            NavigableMap<LocalDateTime, Reconciler.Point> series = new TreeMap<>();
            for (int m = 1; m <= MINUTES; m++) {
                Map<String, BigDecimal> v = new HashMap<>();
                Double x = value.apply(day, m);
                v.put("pv", x == null ? null : BigDecimal.valueOf(x));
                series.put(day.atStartOfDay().plusMinutes(m), new Reconciler.Point(v, Map.of()));
            }
            out.put(day, Map.of("app", series));
        }
        return out;
    }

    private static Optional<BigDecimal> dec(String v) {
        return Optional.of(new BigDecimal(v));
    }

    private static Metric metric(Check check, int consecutive) {
        return new Metric("m", "", Location.ofFile("q.yaml"), "c.d.t", "dt", "minute_end", List.of("channel"),
                Metric.Rows.EVERY_WINDOW, List.of(new Metric.Measure("pv", Metric.Kind.EXACT, 12, Optional.empty(),
                        Optional.empty())), 3, Optional.empty(), Map.of(), List.of(), List.of(new Metric.Rule("r",
                        Metric.Severity.ERROR, consecutive, check, Location.ofFile("q.yaml"))));
    }

    private static Rules.Input input(Map<LocalDate, Map<String, NavigableMap<LocalDateTime, Reconciler.Point>>> rows) {
        return new Rules.Input(T, rows, Set.of(), Map.of(), Map.of("channel", new long[] {100, 100}),
                T.plusDays(1).atStartOfDay().plusMinutes(5));
    }

    private static List<Integer> breachedMinutes(Rules.Outcome o) {
        return o.breaches().stream().map(b -> b.point().minute().getHour() * 60 + b.point().minute().getMinute())
                .toList();
    }

    @Test
    void everyRuleIsSilentOnACleanDay() {
        var rows = days(RulesTest::clean);
        // The clean curve ends at minute 60, so freshness is judged with 'now' right after it.
        Rules.Input in = new Rules.Input(T, rows, Set.of(), Map.of(), Map.of("channel", new long[] {100, 100}),
                T.atStartOfDay().plusMinutes(MINUTES + 5));
        for (Check check : List.of(new DropToZero("pv"),
                new Change("pv", 1, dec("0.5"), dec("5"), 3),
                new Change("pv", 7, dec("0.5"), Optional.empty(), 3),
                new Threshold("pv", dec("0"), dec("1000")),
                new NullRatio("channel", new BigDecimal("0.01")), new Freshness(Duration.ofMinutes(10)))) {
            Rules.Outcome o = Rules.evaluate(metric(check, 1), in);
            assertThat(o.breaches()).as(check.toString()).isEmpty();
            assertThat(o.alerts()).as(check.toString()).isEmpty();
            Rules.Coverage coverage = o.coverage().get("r");
            assertThat(coverage.points()).as(check.toString()).isEqualTo(
                    check instanceof NullRatio || check instanceof Freshness ? 1 : MINUTES);
            assertThat(coverage.checked()).as(check.toString()).isEqualTo(coverage.points());
        }
    }

    @Test
    void aChangeWithoutACleanBaselineJudgesNothingThereAndSaysSo() {
        var rows = days(RulesTest::clean);
        // Nothing before yesterday; yesterday only from minute 31, and its minute 40 breached: 29 points judged.
        rows.keySet().removeIf(d -> d.isBefore(T.minusDays(1)));
        rows.get(T.minusDays(1)).get("app").headMap(T.minusDays(1).atStartOfDay().plusMinutes(31)).clear();
        Set<Rules.PointKey> breached = Set.of(new Rules.PointKey(T.minusDays(1), "app",
                T.minusDays(1).atStartOfDay().plusMinutes(40)));
        Rules.Outcome o = Rules.evaluate(metric(new Change("pv", 1, dec("0.5"), Optional.empty(), 3), 1),
                new Rules.Input(T, rows, breached, Map.of(), Map.of(), T.plusDays(1).atStartOfDay()));
        assertThat(o.breaches()).isEmpty();
        assertThat(o.coverage().get("r")).isEqualTo(new Rules.Coverage(29, MINUTES, "no clean baseline within 3 days"));

        rows.remove(T.minusDays(1));
        Rules.Outcome none = Rules.evaluate(metric(new Change("pv", 7, dec("0.5"), Optional.empty(), 2),
                1), input(rows));
        assertThat(none.coverage().get("r")).isEqualTo(new Rules.Coverage(0, MINUTES,
                "no clean baseline within 2 weeks"));
        Rules.Outcome noRows = Rules.evaluate(metric(new NullRatio("channel", new BigDecimal("0.01")), 1), new Rules.Input(T,
                rows, Set.of(), Map.of(), Map.of("channel", new long[] {0, 0}), T.plusDays(1).atStartOfDay()));
        assertThat(noRows.coverage().get("r")).isEqualTo(new Rules.Coverage(0, 1, "no rows"));
    }

    @Test
    void dropToZeroFiresWhereTheValueFallsToZeroAndOnlyThere() {
        var rows = days((d, m) -> d.equals(T) && (m == 30 || m == 31) ? 0.0 : clean(d, m));
        Rules.Outcome o = Rules.evaluate(metric(new DropToZero("pv"), 2), input(rows));
        assertThat(breachedMinutes(o)).containsExactly(30, 31);
        assertThat(o.breaches().get(1).reference()).isEqualByComparingTo(BigDecimal.valueOf(clean(T, 29)));
        assertThat(o.alerts()).singleElement().satisfies(a -> {
            assertThat(a.point().minute()).isEqualTo(T.atStartOfDay().plusMinutes(31));
            assertThat(a.streak()).isEqualTo(2);
        });
    }

    @Test
    void changeAgainstYesterdayAlertsOnlyAfterTheConsecutiveCount() {
        var rows = days((d, m) -> d.equals(T) && m >= 40 && m < 45 ? clean(d, m) * 3 : clean(d, m));
        Rules.Outcome o = Rules.evaluate(metric(new Change("pv", 1, dec("0.5"), Optional.empty(), 3), 3),
                input(rows));
        assertThat(breachedMinutes(o)).containsExactly(40, 41, 42, 43, 44);
        assertThat(o.breaches().get(0).reference()).isEqualByComparingTo(BigDecimal.valueOf(clean(T.minusDays(1),
                40)));
        assertThat(o.alerts()).singleElement().satisfies(a -> assertThat(a.point().minute())
                .isEqualTo(T.atStartOfDay().plusMinutes(42)));
        Rules.Outcome four = Rules.evaluate(metric(new Change("pv", 1, dec("0.5"), Optional.empty(), 3),
                6), input(rows));
        assertThat(four.breaches()).hasSize(5);
        assertThat(four.alerts()).isEmpty();
    }

    @Test
    void changeNeedsEveryBoundExceededAndComparesWithLastWeek() {
        var rows = days((d, m) -> d.equals(T) && m == 2 ? clean(d, m) * 1.6 : d.equals(T) && m == 50 ? clean(d, m) * 2
                : clean(d, m));
        // Minute 2: +60% but only +72 absolute; minute 50: +100% and +600 absolute.
        Rules.Outcome both = Rules.evaluate(metric(new Change("pv", 7, dec("0.5"), dec("100"), 3),
                1), input(rows));
        assertThat(breachedMinutes(both)).containsExactly(50);
        assertThat(both.breaches().get(0).reference()).isEqualByComparingTo(BigDecimal.valueOf(clean(T.minusDays(7),
                50)));
        Rules.Outcome relOnly = Rules.evaluate(metric(new Change("pv", 7, dec("0.5"), Optional.empty(),
                3), 1), input(rows));
        assertThat(breachedMinutes(relOnly)).containsExactly(2, 50);
    }

    @Test
    void aBreachedPointIsNeverTheBaseline() {
        // Yesterday's minute 10 was broken (and recorded as breached); today is normal again.
        var rows = days((d, m) -> d.equals(T.minusDays(1)) && m == 10 ? 10_000.0 : clean(d, m));
        Metric metric = metric(new Change("pv", 1, dec("0.5"), Optional.empty(), 3), 1);
        Rules.Outcome naive = Rules.evaluate(metric, input(rows));
        assertThat(breachedMinutes(naive)).containsExactly(10);
        LocalDate yesterday = T.minusDays(1);
        Rules.Input in = new Rules.Input(T, rows, Set.of(new Rules.PointKey(yesterday, "app",
                yesterday.atStartOfDay().plusMinutes(10))), Map.of(), Map.of(), T.plusDays(1).atStartOfDay());
        Rules.Outcome o = Rules.evaluate(metric, in);
        assertThat(o.breaches()).isEmpty();
    }

    @Test
    void thresholdFiresBelowTheMinimumAndAboveTheMaximum() {
        var rows = days((d, m) -> d.equals(T) && m == 5 ? -1.0 : d.equals(T) && m == 6 ? 5000.0 : clean(d, m));
        Rules.Outcome o = Rules.evaluate(metric(new Threshold("pv", dec("0"), dec("1000")), 1),
                input(rows));
        assertThat(breachedMinutes(o)).containsExactly(5, 6);
        assertThat(o.breaches()).extracting(Rules.Breach::reference).containsExactly(new BigDecimal("0"),
                new BigDecimal("1000"));
        assertThat(o.alerts()).hasSize(1);
    }

    @Test
    void nullRatioFiresAboveItsMaximumAndAlertsOnTheNthDayInARow() {
        var rows = days(RulesTest::clean);
        Metric metric = metric(new NullRatio("channel", new BigDecimal("0.01")), 2);
        Rules.Input dirty = new Rules.Input(T, rows, Set.of(), Map.of(), Map.of("channel", new long[] {200, 194}),
                T.plusDays(1).atStartOfDay());
        Rules.Outcome first = Rules.evaluate(metric, dirty);
        assertThat(first.breaches()).singleElement().satisfies(b -> {
            assertThat(b.value()).isEqualByComparingTo("0.03");
            assertThat(b.point().key()).isEqualTo(Rules.DAY_KEY);
        });
        assertThat(first.alerts()).isEmpty();
        Rules.Input second = new Rules.Input(T, rows, Set.of(), Map.of("r", Set.of(T.minusDays(1))), dirty.nullCounts(),
                dirty.now());
        assertThat(Rules.evaluate(metric, second).alerts()).singleElement()
                .satisfies(a -> assertThat(a.streak()).isEqualTo(2));
        Rules.Input clean = new Rules.Input(T, rows, Set.of(), Map.of(), Map.of("channel", new long[] {200, 199}),
                dirty.now());
        assertThat(Rules.evaluate(metric, clean).breaches()).isEmpty();
    }

    @Test
    void freshnessMeasuresTheLagOfTheLatestWindowEnd() {
        var rows = days(RulesTest::clean);
        Metric metric = metric(new Freshness(Duration.ofMinutes(10)), 1);
        LocalDateTime latest = T.atStartOfDay().plusMinutes(MINUTES);
        Rules.Outcome late = Rules.evaluate(metric, new Rules.Input(T, rows, Set.of(), Map.of(), Map.of(),
                latest.plusMinutes(25)));
        assertThat(late.breaches()).singleElement().satisfies(b -> assertThat(b.value()).isEqualByComparingTo(
                BigDecimal.valueOf(25 * 60)));
        assertThat(late.alerts()).hasSize(1);
        assertThat(Rules.evaluate(metric, new Rules.Input(T, rows, Set.of(), Map.of(), Map.of(),
                latest.plusMinutes(9))).breaches()).isEmpty();
        // A past day is judged at its end: a day that stopped at 01:00 is 23 hours stale.
        assertThat(Rules.evaluate(metric, new Rules.Input(T, rows, Set.of(), Map.of(), Map.of(),
                T.plusDays(3).atStartOfDay())).breaches()).singleElement()
                .satisfies(b -> assertThat(b.value()).isEqualByComparingTo(BigDecimal.valueOf(23 * 3600)));
    }

    /** Points at minutes 1, 2, ... of {@code day} with the given values (null for NULL). */
    private static NavigableMap<LocalDateTime, Reconciler.Point> points(LocalDate day, String... values) {
        NavigableMap<LocalDateTime, Reconciler.Point> out = new TreeMap<>();
        for (int i = 0; i < values.length; i++) {
            Map<String, BigDecimal> v = new HashMap<>();
            v.put("pv", values[i] == null ? null : new BigDecimal(values[i]));
            out.put(day.atStartOfDay().plusMinutes(i + 1), new Reconciler.Point(v, Map.of()));
        }
        return out;
    }

    @Test
    void dropToZeroRunsOnFromTheDayBeforeSoAKeyAtZeroAllDayBreaches() {
        LocalDate yesterday = T.minusDays(1);
        // shop_a ended yesterday at 25.10 and is 0 all day today; shop_b was 0 at the end of yesterday already (the
        // drop was yesterday's); shop_c goes on normally; shop_d is new today, at 0.
        var rows = Map.of(
                yesterday, Map.of("shop_a", points(yesterday, "10.00", "25.10"), "shop_b", points(yesterday, "5.00",
                        "0.00"), "shop_c", points(yesterday, "1.00", "2.00")),
                T, Map.of("shop_a", points(T, "0.00", "0.00", "0.00"), "shop_b", points(T, "0.00", "0.00"),
                        "shop_c", points(T, "3.00", "4.00"), "shop_d", points(T, "0", "0")));
        Rules.Outcome o = Rules.evaluate(metric(new DropToZero("pv"), 2), new Rules.Input(T, rows, Set.of(),
                Map.of(), Map.of(), T.atStartOfDay().plusMinutes(10)));
        // The oracle: every point of shop_a, each judged against yesterday's last value 25.10.
        assertThat(o.breaches()).map(b -> b.point().key() + "@" + b.point().minute().toLocalTime() + " after "
                + b.reference().toPlainString()).containsExactly("shop_a@00:01 after 25.10", "shop_a@00:02 after 25.10",
                        "shop_a@00:03 after 25.10");
        assertThat(o.alerts()).singleElement().satisfies(a -> assertThat(a.point().minute().toLocalTime())
                .hasToString("00:02"));
        assertThat(o.breaches().get(0).message()).isEqualTo("pv dropped to 0 after 25.10");
    }

    @Test
    void aKeyWithoutARowAllDayIsADropOnceTheDayHasEnded() {
        LocalDate yesterday = T.minusDays(1);
        // shop_a had 7.5 at the end of yesterday and no row today; shop_b ended yesterday at 0; shop_c has rows today.
        var rows = Map.of(
                yesterday, Map.of("shop_a", points(yesterday, "3", "7.5"), "shop_b", points(yesterday, "1", "0"),
                        "shop_c", points(yesterday, "1")),
                T, Map.of("shop_c", points(T, "2")));
        Metric metric = metric(new DropToZero("pv"), 5);
        Rules.Outcome ended = Rules.evaluate(metric, new Rules.Input(T, rows, Set.of(), Map.of(), Map.of(),
                T.plusDays(1).atStartOfDay()));
        assertThat(ended.breaches()).singleElement().satisfies(b -> {
            assertThat(b.point()).isEqualTo(new Rules.PointKey(T, "shop_a", T.plusDays(1).atStartOfDay()));
            assertThat(b.value()).isNull();
            assertThat(b.reference()).isEqualByComparingTo("7.5");
            assertThat(b.message()).isEqualTo("pv of key shop_a was 7.5 at the end of " + yesterday
                    + " and has no row on " + T);
        });
        // A whole day without a row is the longest streak there is: it alerts whatever the consecutive count.
        assertThat(ended.alerts()).singleElement().satisfies(a -> assertThat(a.point().key()).isEqualTo("shop_a"));
        assertThat(ended.coverage().get("r")).isEqualTo(new Rules.Coverage(2, 2, "no value"));

        // During the day a key may still come: it is counted as not judged, and nothing fires.
        Rules.Outcome during = Rules.evaluate(metric, new Rules.Input(T, rows, Set.of(), Map.of(), Map.of(),
                T.atStartOfDay().plusHours(12)));
        assertThat(during.breaches()).isEmpty();
        assertThat(during.coverage().get("r")).isEqualTo(new Rules.Coverage(1, 2,
                "keys of the day before without a row yet: judged once the day has ended"));
    }

    @Test
    void decimalsAreComparedExactlyWhereDoublesWouldTipTheBalance() {
        // 0.1 + 0.2 is 0.30000000000000004 in binary floating point: above a maximum of 0.3, and a change from
        // 0.3 to 0.45 would be 0.15000000000000002, above 50% of 0.3. Exactly, neither is.
        var rows = Map.of(T.minusDays(1), Map.of("app", points(T.minusDays(1), "0.3")),
                T, Map.of("app", points(T, new BigDecimal("0.1").add(new BigDecimal("0.2")).toPlainString())));
        Rules.Input in = new Rules.Input(T, rows, Set.of(), Map.of(), Map.of(), T.plusDays(1).atStartOfDay());
        assertThat(Rules.evaluate(metric(new Threshold("pv", Optional.empty(), dec("0.3")), 1), in)
                .breaches()).isEmpty();
        assertThat(0.1 + 0.2).isGreaterThan(0.3);
        var up = Map.of(T.minusDays(1), Map.of("app", points(T.minusDays(1), "0.3")), T, Map.of("app", points(T,
                "0.45")));
        Rules.Input upIn = new Rules.Input(T, up, Set.of(), Map.of(), Map.of(), T.plusDays(1).atStartOfDay());
        assertThat(Rules.evaluate(metric(new Change("pv", 1, dec("0.5"), Optional.empty(), 1), 1), upIn)
                .breaches()).isEmpty();
        assertThat(Math.abs(0.45 - 0.3)).isGreaterThan(0.5 * 0.3);
        var more = Map.of(T.minusDays(1), Map.of("app", points(T.minusDays(1), "0.3")), T, Map.of("app", points(T,
                "0.4501")));
        assertThat(Rules.evaluate(metric(new Change("pv", 1, dec("0.5"), Optional.empty(), 1), 1),
                new Rules.Input(T, more, Set.of(), Map.of(), Map.of(), T.plusDays(1).atStartOfDay())).breaches())
                .singleElement().satisfies(b -> assertThat(b.message()).isEqualTo("pv 0.4501 against 0.3 on "
                        + T.minusDays(1) + " (yesterday): change 0.1501, 50.0%"));
    }
}
