package io.rtw.quality;

import io.rtw.meta.DefinitionException;
import io.rtw.meta.Location;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each DQC rule kind's SQL, run over a table in a local batch environment, fires on a crafted breach and stays
 * silent on a clean day; streaks and baselines. The expectations are the rows' own values, written by hand.
 */
class RulesTest {

    private static final LocalDate T = LocalDate.of(2026, 11, 21);
    private static final int MINUTES = 60;
    /** The measure column of the curves below: their values have up to 14 decimals. */
    private static final String CURVE = "DECIMAL(30, 14)";

    private static TableEnvironment env;

    @BeforeAll
    static void environment() {
        Configuration conf = new Configuration();
        for (String key : List.of("rest.bind-address", "rest.address", "jobmanager.bind-host", "jobmanager.rpc.address",
                "taskmanager.bind-host", "taskmanager.host")) {
            conf.setString(key, "127.0.0.1");
        }
        conf.setString("parallelism.default", "1");
        env = TableEnvironment.create(EnvironmentSettings.newInstance().withConfiguration(conf).inBatchMode().build());
    }

    /** Rows by day, key (the channel) and window end; a null value is a NULL pv. */
    private static final class Rows {
        final String type;
        final Map<LocalDate, Map<String, NavigableMap<LocalDateTime, BigDecimal>>> days = new TreeMap<>();

        Rows(String type) {
            this.type = type;
        }

        Rows put(LocalDate day, String key, LocalDateTime minute, BigDecimal value) {
            days.computeIfAbsent(day, d -> new TreeMap<>()).computeIfAbsent(key, k -> new TreeMap<>()).put(minute, value);
            return this;
        }

        /** Values at minutes 1, 2, ... of {@code day} (null for NULL). */
        Rows points(LocalDate day, String key, String... values) {
            for (int i = 0; i < values.length; i++) {
                put(day, key, day.atStartOfDay().plusMinutes(i + 1), values[i] == null ? null : new BigDecimal(values[i]));
            }
            return this;
        }
    }

    /** A clean cumulative curve: 100 at midnight, 10 views a minute, slightly more every day. */
    private static double clean(LocalDate day, int minute) {
        return 100 + minute * 10.0 + (day.toEpochDay() - T.toEpochDay());
    }

    /** Minutes 1 to 60 of the day and the 14 days before, key app. */
    private static Rows days(BiFunction<LocalDate, Integer, Double> value) {
        Rows out = new Rows(CURVE);
        for (int d = 0; d <= 14; d++) {
            LocalDate day = T.minusDays(d);
            for (int m = 1; m <= MINUTES; m++) {
                Double x = value.apply(day, m);
                out.put(day, "app", day.atStartOfDay().plusMinutes(m), x == null ? null : BigDecimal.valueOf(x));
            }
        }
        return out;
    }

    private static Optional<BigDecimal> dec(String v) {
        return Optional.of(new BigDecimal(v));
    }

    /** A metric of one rule called r per kind (r, r1, r2, ...), all with the same consecutive count. */
    private static Metric metric(int consecutive, RuleKind... kinds) {
        List<Metric.Rule> rules = new ArrayList<>();
        for (int i = 0; i < kinds.length; i++) {
            rules.add(new Metric.Rule(i == 0 ? "r" : "r" + i, Metric.Severity.ERROR, consecutive, kinds[i],
                    Location.ofFile("q.yaml")));
        }
        return new Metric("m", "", Location.ofFile("q.yaml"), "default_catalog.default_database.m_rows", "dt",
                "minute_end", List.of("channel"), Metric.Rows.EVERY_WINDOW, List.of(new Metric.Measure("pv",
                        Metric.Kind.EXACT, 12, Optional.empty(), Optional.empty())), 3, Optional.empty(), Map.of(),
                List.of(), rules);
    }

    private static Metric metric(RuleKind kind, int consecutive) {
        return metric(consecutive, kind);
    }

    /** Breaches recorded by earlier checks: rule, key, window end of day T minus the day count given first. */
    private record Recorded(int daysBefore, String rule, String key, LocalDateTime minute) {}

    /** Evaluates the metric's rules for day T at {@code now}: the rows as table m_rows, the recorded breaches. */
    private static Rules.Outcome check(Metric metric, Rows rows, LocalDateTime now, Recorded... recorded) {
        List<Row> values = new ArrayList<>();
        rows.days.forEach((day, keys) -> keys.forEach((key, points) -> points.forEach((minute, v) ->
                values.add(Row.of(day.toString(), key, minute, v)))));
        return check(metric, rows.type, values, now, recorded);
    }

    private static Rules.Outcome check(Metric metric, String type, List<Row> rows, LocalDateTime now,
            Recorded... recorded) {
        env.dropTemporaryView("m_rows");
        env.createTemporaryView("m_rows", env.fromValues(DataTypes.ROW(DataTypes.FIELD("dt", DataTypes.STRING()),
                DataTypes.FIELD("channel", DataTypes.STRING()), DataTypes.FIELD("minute_end", DataTypes.TIMESTAMP(3)),
                DataTypes.FIELD("pv", decimal(type))), rows));
        Map<String, LogicalType> types = new LinkedHashMap<>();
        env.from("m_rows").getResolvedSchema().getColumns().forEach(c -> types.put(c.getName(),
                c.getDataType().getLogicalType()));
        Optional<String> breaches = Optional.empty();
        env.dropTemporaryView("m_breaches");
        if (recorded.length > 0) {
            List<Row> b = new ArrayList<>();
            for (Recorded r : recorded) {
                b.add(Row.of("m", T.minusDays(r.daysBefore()).toString(), r.rule(), r.key(), r.minute()));
            }
            env.createTemporaryView("m_breaches", env.fromValues(DataTypes.ROW(DataTypes.FIELD("metric",
                    DataTypes.STRING()), DataTypes.FIELD("dt", DataTypes.STRING()), DataTypes.FIELD("rule",
                    DataTypes.STRING()), DataTypes.FIELD("key", DataTypes.STRING()), DataTypes.FIELD("minute_end",
                    DataTypes.TIMESTAMP(3))), b));
            breaches = Optional.of("`m_breaches`");
        }
        DaySql day = new DaySql(metric, "`m_rows`", types, breaches, T, now);
        return Rules.check(day, sql -> {
            List<Row> out = new ArrayList<>();
            try (CloseableIterator<Row> it = env.executeSql(sql).collect()) {
                it.forEachRemaining(out::add);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return out;
        });
    }

    /** DECIMAL(p, s) from its name. */
    private static org.apache.flink.table.types.DataType decimal(String type) {
        String[] ps = type.replaceAll("[^0-9,]", "").split(",");
        return DataTypes.DECIMAL(Integer.parseInt(ps[0]), Integer.parseInt(ps[1]));
    }

    /** Day T's end plus five minutes: the check after the day. */
    private static final LocalDateTime AFTER = T.plusDays(1).atStartOfDay().plusMinutes(5);

    private static List<Integer> breachedMinutes(Rules.Outcome o) {
        return o.breaches().stream().map(b -> b.point().minute().getHour() * 60 + b.point().minute().getMinute())
                .toList();
    }

    @Test
    void everyRuleIsSilentOnACleanDay() {
        List<RuleKind> kinds = List.of(new DropToZero("pv"), new Change("pv", 1, dec("0.5"), dec("5"), 3),
                new Change("pv", 7, dec("0.5"), Optional.empty(), 3), new Threshold("pv", dec("0"), dec("1000")),
                new NullRatio("channel", new BigDecimal("0.01")), new Freshness(Duration.ofMinutes(10)));
        // The clean curve ends at minute 60, so freshness is judged with 'now' right after it. Every kind in one
        // query, as the check runs them.
        Rules.Outcome o = check(metric(1, kinds.toArray(RuleKind[]::new)), days(RulesTest::clean),
                T.atStartOfDay().plusMinutes(MINUTES + 5));
        assertThat(o.breaches()).isEmpty();
        assertThat(o.alerts()).isEmpty();
        assertThat(o.coverage()).hasSize(kinds.size());
        for (int i = 0; i < kinds.size(); i++) {
            Rules.Coverage coverage = o.coverage().get(i == 0 ? "r" : "r" + i);
            RuleKind kind = kinds.get(i);
            assertThat(coverage.points()).as(kind.toString()).isEqualTo(
                    kind instanceof NullRatio || kind instanceof Freshness ? 1 : MINUTES);
            assertThat(coverage.checked()).as(kind.toString()).isEqualTo(coverage.points());
        }
    }

    @Test
    void aChangeWithoutACleanBaselineJudgesNothingThereAndSaysSo() {
        Rows rows = days(RulesTest::clean);
        // Nothing before yesterday; yesterday only from minute 31, and its minute 40 breached: 29 points judged.
        rows.days.keySet().removeIf(d -> d.isBefore(T.minusDays(1)));
        rows.days.get(T.minusDays(1)).get("app").headMap(T.minusDays(1).atStartOfDay().plusMinutes(31)).clear();
        Rules.Outcome o = check(metric(new Change("pv", 1, dec("0.5"), Optional.empty(), 3), 1), rows,
                T.plusDays(1).atStartOfDay(), new Recorded(1, "any", "app", T.minusDays(1).atStartOfDay().plusMinutes(40)));
        assertThat(o.breaches()).isEmpty();
        assertThat(o.coverage().get("r")).isEqualTo(new Rules.Coverage(29, MINUTES, "no clean baseline within 3 days"));

        rows.days.remove(T.minusDays(1));
        Rules.Outcome none = check(metric(new Change("pv", 7, dec("0.5"), Optional.empty(), 2), 1), rows, AFTER);
        assertThat(none.coverage().get("r")).isEqualTo(new Rules.Coverage(0, MINUTES,
                "no clean baseline within 2 weeks"));
        Rules.Outcome noRows = check(metric(new NullRatio("channel", new BigDecimal("0.01")), 1), new Rows(CURVE)
                .points(T.minusDays(1), "app", "1"), T.plusDays(1).atStartOfDay());
        assertThat(noRows.coverage().get("r")).isEqualTo(new Rules.Coverage(0, 1, "no rows"));
    }

    @Test
    void dropToZeroFiresWhereTheValueFallsToZeroAndOnlyThere() {
        Rows rows = days((d, m) -> d.equals(T) && (m == 30 || m == 31) ? 0.0 : clean(d, m));
        Rules.Outcome o = check(metric(new DropToZero("pv"), 2), rows, AFTER);
        assertThat(breachedMinutes(o)).containsExactly(30, 31);
        assertThat(o.breaches().get(1).reference()).isEqualByComparingTo(BigDecimal.valueOf(clean(T, 29)));
        assertThat(o.alerts()).singleElement().satisfies(a -> {
            assertThat(a.point().minute()).isEqualTo(T.atStartOfDay().plusMinutes(31));
            assertThat(a.streak()).isEqualTo(2);
        });
    }

    @Test
    void changeAgainstYesterdayAlertsOnlyAfterTheConsecutiveCount() {
        Rows rows = days((d, m) -> d.equals(T) && m >= 40 && m < 45 ? clean(d, m) * 3 : clean(d, m));
        Rules.Outcome o = check(metric(new Change("pv", 1, dec("0.5"), Optional.empty(), 3), 3), rows, AFTER);
        assertThat(breachedMinutes(o)).containsExactly(40, 41, 42, 43, 44);
        assertThat(o.breaches().get(0).reference()).isEqualByComparingTo(BigDecimal.valueOf(clean(T.minusDays(1),
                40)));
        assertThat(o.alerts()).singleElement().satisfies(a -> assertThat(a.point().minute())
                .isEqualTo(T.atStartOfDay().plusMinutes(42)));
        Rules.Outcome six = check(metric(new Change("pv", 1, dec("0.5"), Optional.empty(), 3), 6), rows, AFTER);
        assertThat(six.breaches()).hasSize(5);
        assertThat(six.alerts()).isEmpty();
    }

    @Test
    void changeNeedsEveryBoundExceededAndComparesWithLastWeek() {
        Rows rows = days((d, m) -> d.equals(T) && m == 2 ? clean(d, m) * 1.6 : d.equals(T) && m == 50 ? clean(d, m) * 2
                : clean(d, m));
        // Minute 2: +60% but only +72 absolute; minute 50: +100% and +600 absolute.
        Rules.Outcome both = check(metric(new Change("pv", 7, dec("0.5"), dec("100"), 3), 1), rows, AFTER);
        assertThat(breachedMinutes(both)).containsExactly(50);
        assertThat(both.breaches().get(0).reference()).isEqualByComparingTo(BigDecimal.valueOf(clean(T.minusDays(7),
                50)));
        Rules.Outcome relOnly = check(metric(new Change("pv", 7, dec("0.5"), Optional.empty(), 3), 1), rows, AFTER);
        assertThat(breachedMinutes(relOnly)).containsExactly(2, 50);
    }

    @Test
    void aBreachedPointIsNeverTheBaseline() {
        // Yesterday's minute 10 was broken (and recorded as breached); today is normal again.
        Rows rows = days((d, m) -> d.equals(T.minusDays(1)) && m == 10 ? 10_000.0 : clean(d, m));
        Metric metric = metric(new Change("pv", 1, dec("0.5"), Optional.empty(), 3), 1);
        Rules.Outcome naive = check(metric, rows, AFTER);
        assertThat(breachedMinutes(naive)).containsExactly(10);
        Rules.Outcome o = check(metric, rows, T.plusDays(1).atStartOfDay(), new Recorded(1, "other", "app",
                T.minusDays(1).atStartOfDay().plusMinutes(10)));
        assertThat(o.breaches()).isEmpty();
    }

    @Test
    void thresholdFiresBelowTheMinimumAndAboveTheMaximum() {
        Rows rows = days((d, m) -> d.equals(T) && m == 5 ? -1.0 : d.equals(T) && m == 6 ? 5000.0 : clean(d, m));
        Rules.Outcome o = check(metric(new Threshold("pv", dec("0"), dec("1000")), 1), rows, AFTER);
        assertThat(breachedMinutes(o)).containsExactly(5, 6);
        assertThat(o.breaches()).extracting(Rules.Breach::reference).containsExactly(new BigDecimal("0"),
                new BigDecimal("1000"));
        assertThat(o.breaches().get(0).message()).isEqualTo("pv -1.00000000000000 is below the minimum 0");
        assertThat(o.alerts()).hasSize(1);
    }

    /** {@code rows} rows of day T at minutes 1, 2, ..., of which the first {@code nulls} have no channel. */
    private static List<Row> withNulls(int rows, int nulls) {
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            out.add(Row.of(T.toString(), i < nulls ? null : "app", T.atStartOfDay().plusMinutes(i + 1),
                    BigDecimal.valueOf(i)));
        }
        return out;
    }

    @Test
    void nullRatioFiresAboveItsMaximumAndAlertsOnTheNthDayInARow() {
        Metric metric = metric(new NullRatio("channel", new BigDecimal("0.01")), 2);
        LocalDateTime now = T.plusDays(1).atStartOfDay();
        Rules.Outcome first = check(metric, "DECIMAL(12, 0)", withNulls(200, 6), now);
        assertThat(first.breaches()).singleElement().satisfies(b -> {
            assertThat(b.value()).isEqualByComparingTo("0.03");
            assertThat(b.point().key()).isEqualTo(Rules.DAY_KEY);
            assertThat(b.message()).isEqualTo("6 of 200 rows (3.00%) have no channel; at most 1.00% allowed");
        });
        assertThat(first.alerts()).isEmpty();
        Recorded yesterday = new Recorded(1, "r", Rules.DAY_KEY, T.atStartOfDay());
        assertThat(check(metric, "DECIMAL(12, 0)", withNulls(200, 6), now, yesterday).alerts()).singleElement()
                .satisfies(a -> assertThat(a.streak()).isEqualTo(2));
        // A streak alerts once: with the two days before breached too, it reached 2 yesterday.
        assertThat(check(metric, "DECIMAL(12, 0)", withNulls(200, 6), now, yesterday, new Recorded(2, "r",
                Rules.DAY_KEY, T.minusDays(1).atStartOfDay())).alerts()).isEmpty();
        assertThat(check(metric, "DECIMAL(12, 0)", withNulls(200, 1), now).breaches()).isEmpty();
    }

    @Test
    void freshnessMeasuresTheLagOfTheLatestWindowEnd() {
        Rows rows = days(RulesTest::clean);
        Metric metric = metric(new Freshness(Duration.ofMinutes(10)), 1);
        LocalDateTime latest = T.atStartOfDay().plusMinutes(MINUTES);
        Rules.Outcome late = check(metric, rows, latest.plusMinutes(25));
        assertThat(late.breaches()).singleElement().satisfies(b -> {
            assertThat(b.value()).isEqualByComparingTo(BigDecimal.valueOf(25 * 60));
            assertThat(b.message()).isEqualTo("the latest window end " + T + " 01:00 lags 25 min behind " + T
                    + " 01:25; at most 10 min allowed");
        });
        assertThat(late.alerts()).hasSize(1);
        assertThat(check(metric, rows, latest.plusMinutes(9)).breaches()).isEmpty();
        // To the second: 10 minutes and 1 second is stale, 10 minutes is not.
        assertThat(check(metric, rows, latest.plusMinutes(10).plusSeconds(1)).breaches()).hasSize(1);
        assertThat(check(metric, rows, latest.plusMinutes(10)).breaches()).isEmpty();
        // A past day is judged at its end: a day that stopped at 01:00 is 23 hours stale.
        assertThat(check(metric, rows, T.plusDays(3).atStartOfDay()).breaches()).singleElement()
                .satisfies(b -> assertThat(b.value()).isEqualByComparingTo(BigDecimal.valueOf(23 * 3600)));
    }

    @Test
    void dropToZeroRunsOnFromTheDayBeforeSoAKeyAtZeroAllDayBreaches() {
        LocalDate yesterday = T.minusDays(1);
        // shop_a ended yesterday at 25.10 and is 0 all day today; shop_b was 0 at the end of yesterday already (the
        // drop was yesterday's); shop_c goes on normally; shop_d is new today, at 0.
        Rows rows = new Rows("DECIMAL(12, 2)")
                .points(yesterday, "shop_a", "10.00", "25.10").points(yesterday, "shop_b", "5.00", "0.00")
                .points(yesterday, "shop_c", "1.00", "2.00")
                .points(T, "shop_a", "0.00", "0.00", "0.00").points(T, "shop_b", "0.00", "0.00")
                .points(T, "shop_c", "3.00", "4.00").points(T, "shop_d", "0", "0");
        Rules.Outcome o = check(metric(new DropToZero("pv"), 2), rows, T.atStartOfDay().plusMinutes(10));
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
        Rows rows = new Rows("DECIMAL(12, 1)")
                .points(yesterday, "shop_a", "3", "7.5").points(yesterday, "shop_b", "1", "0")
                .points(yesterday, "shop_c", "1").points(T, "shop_c", "2");
        Metric metric = metric(new DropToZero("pv"), 5);
        Rules.Outcome ended = check(metric, rows, T.plusDays(1).atStartOfDay());
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
        Rules.Outcome during = check(metric, rows, T.atStartOfDay().plusHours(12));
        assertThat(during.breaches()).isEmpty();
        assertThat(during.coverage().get("r")).isEqualTo(new Rules.Coverage(1, 2,
                "keys of the day before without a row yet: judged once the day has ended"));
    }

    @Test
    void decimalsAreComparedExactlyWhereDoublesWouldTipTheBalance() {
        // 0.1 + 0.2 is 0.30000000000000004 in binary floating point: above a maximum of 0.3, and a change from
        // 0.3 to 0.45 would be 0.15000000000000002, above 50% of 0.3. Exactly, neither is.
        Rows rows = new Rows("DECIMAL(10, 4)").points(T.minusDays(1), "app", "0.3")
                .points(T, "app", new BigDecimal("0.1").add(new BigDecimal("0.2")).toPlainString());
        assertThat(check(metric(new Threshold("pv", Optional.empty(), dec("0.3")), 1), rows, AFTER).breaches())
                .isEmpty();
        assertThat(0.1 + 0.2).isGreaterThan(0.3);
        Rows up = new Rows("DECIMAL(10, 4)").points(T.minusDays(1), "app", "0.3").points(T, "app", "0.45");
        assertThat(check(metric(new Change("pv", 1, dec("0.5"), Optional.empty(), 1), 1), up, AFTER).breaches())
                .isEmpty();
        assertThat(Math.abs(0.45 - 0.3)).isGreaterThan(0.5 * 0.3);
        // A table has one type: the column's four decimals are in the message.
        Rows more = new Rows("DECIMAL(10, 4)").points(T.minusDays(1), "app", "0.3").points(T, "app", "0.4501");
        assertThat(check(metric(new Change("pv", 1, dec("0.5"), Optional.empty(), 1), 1), more, AFTER).breaches())
                .singleElement().satisfies(b -> assertThat(b.message()).isEqualTo("pv 0.4501 against 0.3000 on "
                        + T.minusDays(1) + " (yesterday): change 0.1501, 50.0%"));
    }

    @Test
    void aChangeOnAColumnTooWideForExactSqlArithmeticIsRefused() {
        Rows rows = new Rows("DECIMAL(38, 18)").points(T.minusDays(1), "app", "1").points(T, "app", "2");
        Metric metric = metric(new Change("pv", 1, dec("0.5"), Optional.empty(), 1), 1);
        assertThatThrownBy(() -> check(metric, rows, AFTER)).isInstanceOf(DefinitionException.class)
                .hasMessageContaining("rule r cannot be judged exactly: the difference of two values of pv needs 39 "
                        + "digits, more than a SQL DECIMAL's 38");
        Rows narrower = new Rows("DECIMAL(36, 18)").points(T.minusDays(1), "app", "1").points(T, "app", "2");
        assertThat(check(metric, narrower, AFTER).breaches()).singleElement().satisfies(b ->
                assertThat(b.reference()).isEqualByComparingTo("1"));
    }
}
