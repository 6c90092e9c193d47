package io.rtw.quality;

import io.rtw.meta.Identifiers;
import io.rtw.meta.Problem;
import io.rtw.meta.Secrets;
import io.rtw.meta.Variables;
import io.rtw.meta.YamlReader;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Strict parsing of metric quality files: the example warehouse's file, and located errors for mistakes. */
class MetricParserTest {

    private static Optional<Metric> parse(YamlReader yaml, String text) {
        return MetricParser.parse(yaml, text);
    }

    private static Optional<BigDecimal> dec(String v) {
        return Optional.of(new BigDecimal(v));
    }

    private static YamlReader yaml() {
        return new YamlReader("q.yaml", Variables.of(Map.of("bizdate", "2026-11-21")), Secrets.of(Map.of()));
    }

    @Test
    void theExampleWarehouseFileParses() throws Exception {
        YamlReader yaml = yaml();
        Metric m = parse(yaml, Files.readString(Path.of(System.getProperty("rtw.sql", "../sql"),
                "quality/app_uv.yaml"))).orElseThrow(() -> new AssertionError(yaml.problems()));
        assertThat(m.name()).isEqualTo("app_uv");
        assertThat(m.table()).isEqualTo("paimon.ads.app_uv_minute");
        assertThat(m.keys()).containsExactly("channel");
        assertThat(m.rows()).isEqualTo(Metric.Rows.ON_CHANGE);
        assertThat(m.measures()).containsExactly(
                new Metric.Measure("pv", Metric.Kind.EXACT, 12, Optional.empty(), Optional.empty()),
                new Metric.Measure("uv", Metric.Kind.EXACT, 12, Optional.empty(), Optional.empty()),
                new Metric.Measure("uv_hll", Metric.Kind.HLL, 12, Optional.of("hll"), Optional.empty()));
        assertThat(m.measures().get(2).relativeStandardError()).isEqualTo(1.04 / 64);
        assertThat(m.sides()).containsExactly(
                Map.entry("stream", new Metric.Side("stream", "paimon.ads.app_uv_minute", Optional.of("stream-2026-11-21"),
                        Optional.empty(), false)),
                Map.entry("batch", new Metric.Side("batch", "paimon.ads.app_uv_minute", Optional.empty(),
                        Optional.empty(), true)));
        assertThat(m.compare()).containsExactly("stream", "batch");
        assertThat(m.late()).contains(new Metric.Late("paimon.ods.app_events_late", "dt", "event_time",
                List.of("channel"), Optional.of("__all__")));
        assertThat(m.rules()).extracting(Metric.Rule::check).containsExactly(
                new DropToZero("pv"),
                new Change("uv", 1, dec("0.5"), dec("200"), 3),
                new Change("pv", 7, dec("0.8"), Optional.empty(), 3),
                new Threshold("uv", dec("0"), dec("100000000")),
                new NullRatio("channel", new BigDecimal("0.0")),
                new Freshness(Duration.ofMinutes(10)));
        assertThat(m.rules().get(1).consecutive()).isEqualTo(5);
        assertThat(m.rules().get(1).severity()).isEqualTo(Metric.Severity.WARN);
    }

    @Test
    void namesThatReachSqlMustBePlainIdentifiers() {
        YamlReader yaml = yaml();
        Optional<Metric> m = parse(yaml, String.join("\n",
                "metric: uv;drop",
                "table: paimon.ads.t",
                "time-column: minute_end",
                "measures: {pv: {kind: exact}}",
                "checks:",
                "  - {name: 'c 1', kind: threshold, measure: pv, min: 0}",
                ""));
        assertThat(m).isEmpty();
        assertThat(yaml.problems()).map(Problem::toString).containsExactly(
                "q.yaml:1:9 [metric]: 'uv;drop' is not a plain SQL identifier; names must match " + Identifiers.RULE,
                "q.yaml:6:12 [checks[0].name]: 'c 1' is not a plain SQL identifier; names must match "
                        + Identifiers.RULE);
    }

    @Test
    void everyMistakeIsReportedWithItsPlace() {
        YamlReader yaml = yaml();
        Optional<Metric> m = parse(yaml, String.join("\n",
                "metric: m",
                "table: ads.t",
                "time-column: minute_end",
                "measures:",
                "  pv: {kind: exakt}",
                "sides:",
                "  a: {tag: x, snapshot: 3, colour: red}",
                "checks:",
                "  - {name: c1, kind: threshold, measure: pv}",
                "  - {name: c2, kind: change, measure: uv, max-relative: 0.1, max-lag: 5min}",
                "  - {name: c3, kind: freshness, max-lag: soon}",
                "  - {name: c4, kind: null_ratio, column: channel, max: 2}",
                "  - {name: c5, kind: spike}",
                "mystery: 1",
                "tolerence-k: 2",
                ""));
        assertThat(m).isEmpty();
        assertThat(yaml.problems()).map(Problem::toString).containsExactlyInAnyOrder(
                "q.yaml:14:1 [mystery]: unknown key 'mystery'; allowed: checks, compare, day-column, description, keys, "
                        + "late, measures, metric, rows, sides, table, time-column, tolerance-k",
                "q.yaml:15:1 [tolerence-k]: unknown key 'tolerence-k' (did you mean 'tolerance-k'?); allowed: checks, "
                        + "compare, day-column, description, keys, late, measures, metric, rows, sides, table, "
                        + "time-column, tolerance-k",
                "q.yaml:2:8 [table]: expected catalog.database.table, got 'ads.t'",
                "q.yaml:5:14 [measures.pv.kind]: 'exakt' is not one of exact, sum, hll, theta",
                "q.yaml:7:28 [sides.a.colour]: unknown key 'colour' in sides.a; allowed: late-records, snapshot, table, tag",
                "q.yaml:7:6 [sides.a]: a side is read as of a tag or a snapshot, not both",
                "q.yaml:1:1 [compare]: compare names two sides, left then right; got [a]",
                "q.yaml:9:5 [checks[0]]: a threshold check needs min, max or both",
                "q.yaml:10:71 [checks[1].max-lag]: a change check has no key 'max-lag'; its keys: measure, baseline, "
                        + "max-relative, max-absolute, lookback",
                "q.yaml:10:39 [checks[1].measure]: no measure 'uv'; measures: pv",
                "q.yaml:11:42 [checks[2].max-lag]: expected a duration like 90s, 10min, 2h or 1d, got 'soon'",
                "q.yaml:12:56 [checks[3].max]: a ratio is from 0 to 1, got 2",
                "q.yaml:13:22 [checks[4].kind]: 'spike' is not one of change, drop_to_zero, freshness, null_ratio, "
                        + "threshold");
    }

    @Test
    void aSumMeasureSumsALateColumnAndKeepsNumbersAsWritten() {
        YamlReader yaml = yaml();
        Metric m = parse(yaml, String.join("\n",
                "metric: shop_gmv",
                "table: paimon.ads.shop_gmv_minute",
                "time-column: minute_end",
                "keys: [shop]",
                "rows: on-change",
                "measures:",
                "  gmv: {kind: sum, late-column: amount}",
                "  orders: {kind: exact}",
                "late: {table: paimon.ods.orders_late, keys: [shop_id]}",
                "checks:",
                "  - {name: gmv_range, kind: threshold, measure: gmv, min: 0.1, max: 12345678901234567890.123456789}",
                "")).orElseThrow(() -> new AssertionError(yaml.problems()));
        assertThat(m.measures().get(0)).isEqualTo(new Metric.Measure("gmv", Metric.Kind.SUM, 12, Optional.empty(),
                Optional.of("amount")));
        assertThat(m.rows()).isEqualTo(Metric.Rows.ON_CHANGE);
        assertThat(m.rules().get(0).check()).isEqualTo(new Threshold("gmv", dec("0.1"),
                dec("12345678901234567890.123456789")));
    }

    @Test
    void aSumMeasureWithLateRecordsNeedsItsLateColumnAndOnlyASumHasOne() {
        YamlReader yaml = yaml();
        Optional<Metric> m = parse(yaml, String.join("\n",
                "metric: shop_gmv",
                "table: paimon.ads.shop_gmv_minute",
                "time-column: minute_end",
                "keys: [shop]",
                "measures:",
                "  gmv: {kind: sum}",
                "  orders: {kind: exact, late-column: amount}",
                "late: {table: paimon.ods.orders_late, keys: [shop_id]}",
                ""));
        assertThat(m).isEmpty();
        assertThat(yaml.problems()).map(Problem::toString).containsExactlyInAnyOrder(
                "q.yaml:6:8 [measures.gmv]: a sum measure of a metric with late records needs late-column: the column "
                        + "of the late table (paimon.ods.orders_late) whose values it sums",
                "q.yaml:7:38 [measures.orders.late-column]: late-column belongs to a sum measure (kind: sum); a late "
                        + "record adds one to an exact count and is not summed");
    }
}
