package io.rtw.udf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.internal.TableEnvironmentImpl;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RawType;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The functions in real Flink SQL jobs: stream and batch give the same numbers, equal to an oracle; one stream equals
 * the union of per-minute pieces; two-phase aggregation and window slicing (merge) agree; retraction behaves as
 * documented; no accumulator falls back to Kryo.
 */
class SqlFunctionsITCase {

    @TempDir
    static Path tmp;

    private static List<FlinkTestEnv.Event> events;
    private static Path data;

    @BeforeAll
    static void data() throws Exception {
        events = FlinkTestEnv.events(30_000, 8_000, 42);
        data = FlinkTestEnv.writeCsv(tmp.resolve("events"), events);
    }

    private static TableEnvironment env(boolean streaming, Map<String, String> extra) {
        TableEnvironment env = FlinkTestEnv.env(streaming, extra);
        RtwFunctions.registerAll(env);
        FlinkTestEnv.createEvents(env, data);
        return env;
    }

    private static final Map<String, String> TWO_PHASE = Map.of(
            "table.exec.mini-batch.enabled", "true",
            "table.exec.mini-batch.allow-latency", "100 ms",
            "table.exec.mini-batch.size", "1000",
            "table.optimizer.agg-phase-strategy", "TWO_PHASE");

    /**
     * Non-windowed streaming aggregates emit a result per input row unless mini-batch is on; with summaries as results
     * that is a full serialization per row, so these jobs (like production ones) batch.
     */
    private static final Map<String, String> MINI_BATCH = Map.of(
            "table.exec.mini-batch.enabled", "true",
            "table.exec.mini-batch.allow-latency", "100 ms",
            "table.exec.mini-batch.size", "1000");

    private static final String DAY_TOTALS = "WITH pieces AS ("
            + " SELECT window_start,"
            + "  hll_sketch(user_id) AS h, theta_sketch(user_id) AS t, bitmap_build(uid32) AS b32,"
            + "  bitmap64_build(user_id) AS b64, hll_sketch(user_name) AS hs, theta_sketch(user_name) AS ts"
            + " FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '1' MINUTE))"
            + " GROUP BY window_start, window_end)"
            + " SELECT hll_estimate(hll_union(h)), theta_estimate(theta_union(t)), bitmap_cardinality(bitmap_union(b32)),"
            + "  bitmap64_cardinality(bitmap64_union(b64)), hll_estimate(hll_union(hs)), theta_estimate(theta_union(ts)),"
            + "  COUNT(*)"
            + " FROM pieces";

    private static final String DAY_DIRECT = "SELECT hll_estimate(hll_sketch(user_id)), theta_estimate(theta_sketch(user_id)),"
            + " CAST(uv_bitmap(uid32) AS BIGINT), uv_bitmap64(user_id), hll_estimate(hll_sketch(user_name)),"
            + " theta_estimate(theta_sketch(user_name)), uv_hll(user_id), uv_theta(user_id), uv_bitmap64(user_name),"
            + " hll_estimate(hll_sketch(user_id, 12, 'HLL_8')), theta_estimate(theta_sketch(user_id, 4096))"
            + " FROM events";

    @Test
    void dayTotalsAgreeAcrossPiecesModesAndPhases() throws Exception {
        List<Long> ids = events.stream().map(FlinkTestEnv.Event::userId).toList();
        List<String> names = events.stream().map(FlinkTestEnv.Event::userName).toList();
        double hll = Oracle.hll(ids);
        double theta = Oracle.theta(ids);
        long exact = Oracle.exact(ids);
        Row expectedPieces = Row.of(hll, theta, exact, exact, Oracle.hll(names), Oracle.theta(names), 1440L);
        Row expectedDirect = Row.of(hll, theta, exact, exact, Oracle.hll(names), Oracle.theta(names),
                Math.round(hll), Math.round(theta), exact, hll, theta);
        assertThat(exact).isGreaterThan(7_000);

        TableEnvironment batch = env(false, Map.of());
        assertThat(FlinkTestEnv.collect(batch, DAY_TOTALS)).containsExactly(expectedPieces);
        assertThat(FlinkTestEnv.collect(batch, DAY_DIRECT)).containsExactly(expectedDirect);

        TableEnvironment stream = env(true, TWO_PHASE);
        assertThat(stream.explainSql(DAY_DIRECT)).contains("LocalGroupAggregate", "GlobalGroupAggregate");
        assertThat(FlinkTestEnv.collect(stream, DAY_TOTALS)).containsExactly(expectedPieces);
        assertThat(FlinkTestEnv.collect(stream, DAY_DIRECT)).containsExactly(expectedDirect);
    }

    /**
     * Cumulative windows (as the per-minute cumulative UV, with a 10-minute step to keep batch mode, which expands
     * every row into each of its windows, quick): window slicing merges accumulators in stream mode; stream and batch
     * agree with each other and with the oracle at every step.
     */
    @Test
    void cumulativeWindowsAgreeInStreamAndBatchWithOracle() throws Exception {
        String sql = "SELECT window_end, hll_estimate(hll_sketch(user_id)), uv_hll(user_id), theta_estimate(theta_sketch(user_id)),"
                + " uv_bitmap64(user_id), bitmap_cardinality(bitmap_build(uid32))"
                + " FROM TABLE(CUMULATE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' MINUTE, INTERVAL '1' DAY))"
                + " GROUP BY window_start, window_end";
        Map<Integer, List<Long>> byStep = new TreeMap<>();
        events.forEach(e -> byStep.computeIfAbsent(e.minute() / 10, m -> new ArrayList<>()).add(e.userId()));
        List<Row> expected = new ArrayList<>();
        List<Long> soFar = new ArrayList<>();
        for (Map.Entry<Integer, List<Long>> step : byStep.entrySet()) {
            soFar.addAll(step.getValue());
            double hll = Oracle.hll(soFar);
            long exact = Oracle.exact(soFar);
            expected.add(Row.of(FlinkTestEnv.DAY.plusMinutes(10L * (step.getKey() + 1)), hll, Math.round(hll),
                    Oracle.theta(soFar), exact, exact));
        }
        assertThat(expected).hasSize(144);

        List<Row> batch = FlinkTestEnv.collect(env(false, Map.of()), sql);
        List<Row> stream = FlinkTestEnv.collect(env(true, Map.of()), sql);
        batch.sort((a, b) -> a.<java.time.LocalDateTime>getFieldAs(0).compareTo(b.getFieldAs(0)));
        stream.sort((a, b) -> a.<java.time.LocalDateTime>getFieldAs(0).compareTo(b.getFieldAs(0)));
        assertThat(stream).containsExactlyElementsOf(expected);
        assertThat(batch).containsExactlyElementsOf(expected);
    }

    /**
     * The running set over per-minute pieces, as the example job keeps a day's users: per channel and minute with
     * events, the count of distinct users so far and the users new in that minute, equal to the oracle on the
     * streaming runtime with heap and with RocksDB state (where the set lives in map state, block by block) and on
     * the batch runtime.
     */
    @Test
    void runningSetsOverMinutePiecesEqualTheOracleOnEveryStateBackendAndRuntime() throws Exception {
        String sql = "SELECT channel, minute_end, t.r.distinct_ids, bitmap64_cardinality(t.r.fresh),"
                + " bitmap64_cardinality(t.r.snapshot) FROM ("
                + " SELECT channel, minute_end, bitmap64_running(users, MOD(MINUTE(minute_end), 7) = 0) OVER ("
                + "   PARTITION BY channel ORDER BY rt ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS r"
                + " FROM (SELECT channel, window_end AS minute_end, window_time AS rt, bitmap64_build(user_id) AS users"
                + "   FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '1' MINUTE))"
                + "   GROUP BY channel, window_start, window_end, window_time)) AS t";
        Map<String, Map<Integer, List<Long>>> byChannel = new TreeMap<>();
        events.forEach(e -> byChannel.computeIfAbsent(e.channel(), c -> new TreeMap<>())
                .computeIfAbsent(e.minute(), m -> new ArrayList<>()).add(e.userId()));
        List<Row> expected = new ArrayList<>();
        byChannel.forEach((channel, minutes) -> {
            Set<Long> seen = new HashSet<>();
            minutes.forEach((minute, ids) -> {
                Set<Long> fresh = new HashSet<>(ids);
                fresh.removeAll(seen);
                seen.addAll(ids);
                expected.add(Row.of(channel, FlinkTestEnv.DAY.plusMinutes(minute + 1), (long) seen.size(),
                        fresh.isEmpty() ? null : (long) fresh.size(), (minute + 1) % 60 % 7 == 0 ? (long) seen.size() : null));
            });
        });
        assertThat(expected).hasSizeGreaterThan(3 * 1_400);

        java.util.Comparator<Row> order = java.util.Comparator.comparing((Row r) -> r.<String>getFieldAs(0))
                .thenComparing(r -> r.<java.time.LocalDateTime>getFieldAs(1));
        for (Map<String, String> conf : List.of(Map.of("state.backend.type", "hashmap"),
                Map.of("state.backend.type", "rocksdb"))) {
            List<Row> stream = FlinkTestEnv.collect(env(true, conf), sql);
            stream.sort(order);
            assertThat(stream).as(conf.toString()).containsExactlyElementsOf(expected);
        }
        List<Row> batch = FlinkTestEnv.collect(env(false, Map.of()), sql);
        batch.sort(order);
        assertThat(batch).containsExactlyElementsOf(expected);
    }

    @Test
    void bitmapsRetractExactlyEvenWhenAnIdWasAddedTwice() throws Exception {
        // Inner counts per (channel, user) change over the stream, so the outer aggregates see -U/+U pairs; a user
        // usually sits in the same parity group through several channels, so a set-based retraction would lose it.
        String sql = "SELECT MOD(c, 2) AS parity, uv_bitmap64(user_id), bitmap64_cardinality(bitmap64_build(user_name)),"
                + " uv_bitmap(uid32)"
                + " FROM (SELECT channel, user_id, user_name, uid32, COUNT(*) AS c FROM events"
                + "       GROUP BY channel, user_id, user_name, uid32)"
                + " GROUP BY MOD(c, 2)";
        Map<List<Object>, Long> counts = new HashMap<>();
        events.forEach(e -> counts.merge(List.of(e.channel(), e.userId()), 1L, Long::sum));
        Map<Long, Set<Long>> usersByParity = new HashMap<>();
        counts.forEach((key, c) -> usersByParity.computeIfAbsent(c % 2, p -> new HashSet<>()).add((Long) key.get(1)));
        List<Row> expected = usersByParity.entrySet().stream()
                .map(e -> Row.of(e.getKey().intValue(), (long) e.getValue().size(), (long) e.getValue().size(),
                        (long) e.getValue().size()))
                .collect(Collectors.toList());

        assertThat(FlinkTestEnv.collect(env(true, TWO_PHASE), sql)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(FlinkTestEnv.collect(env(false, Map.of()), sql)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void bitmapUnionRetractsPieces() throws Exception {
        String sql = "SELECT bitmap_cardinality(bitmap_union(b)), bitmap64_cardinality(bitmap64_union(b64)) FROM ("
                + " SELECT channel, bitmap_build(uid32) AS b, bitmap64_build(user_id) AS b64 FROM events GROUP BY channel)";
        long exact = Oracle.exact(events.stream().map(FlinkTestEnv.Event::userId).toList());
        assertThat(FlinkTestEnv.collect(env(true, MINI_BATCH), sql)).containsExactly(Row.of(exact, exact));
    }

    @Test
    void sketchesFailOnRetractionNamingTheFunctionUnlessConfiguredToIgnore() throws Exception {
        // Each (channel, user) count moves between the parity groups, so the outer aggregates see retractions.
        String sql = "SELECT MOD(c, 2), uv_hll(user_id), uv_theta(user_id) FROM ("
                + " SELECT channel, user_id, COUNT(*) AS c FROM events GROUP BY channel, user_id) GROUP BY MOD(c, 2)";
        assertThatThrownBy(() -> FlinkTestEnv.collect(env(true, Map.of()), sql))
                .satisfies(e -> assertThat(rootCauseMessages(e))
                        .anyMatch(m -> m.matches("(?s)uv_(hll|theta) received a retraction.*rtw\\.udf\\.ignore-retract.*")));

        // Ignoring retractions, a parity group counts every user that was ever in it: all users had a count of 1,
        // the users with a count of 2 or more in some channel were in the even group at some point.
        Map<List<Object>, Long> counts = new HashMap<>();
        events.forEach(e -> counts.merge(List.of(e.channel(), e.userId()), 1L, Long::sum));
        Set<Long> odd = new HashSet<>();
        Set<Long> even = new HashSet<>();
        counts.forEach((key, c) -> {
            odd.add((Long) key.get(1));
            if (c >= 2) {
                even.add((Long) key.get(1));
            }
        });
        List<Row> expected = List.of(
                Row.of(0, Math.round(Oracle.hll(even)), Math.round(Oracle.theta(even))),
                Row.of(1, Math.round(Oracle.hll(odd)), Math.round(Oracle.theta(odd))));
        TableEnvironment ignoring = env(true, Map.of());
        ignoring.getConfig().set("pipeline.global-job-parameters", RtwFunctions.IGNORE_RETRACT.key() + ":true");
        assertThat(FlinkTestEnv.collect(ignoring, sql)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void scalarFunctionsInSql() throws Exception {
        TableEnvironment batch = env(false, Map.of());
        String sql = "WITH d AS ("
                + " SELECT hll_sketch(CASE WHEN channel = 'ch0' THEN user_id END) AS h0,"
                + "  hll_sketch(CASE WHEN channel = 'ch1' THEN user_id END) AS h1,"
                + "  theta_sketch(CASE WHEN channel = 'ch0' THEN user_id END) AS t0,"
                + "  theta_sketch(CASE WHEN channel = 'ch1' THEN user_id END) AS t1,"
                + "  bitmap_build(CASE WHEN channel = 'ch0' THEN uid32 END) AS b0,"
                + "  bitmap_build(CASE WHEN channel = 'ch1' THEN uid32 END) AS b1,"
                + "  bitmap64_build(CASE WHEN channel = 'ch0' THEN user_id END) AS c0,"
                + "  bitmap64_build(CASE WHEN channel = 'ch1' THEN user_id END) AS c1"
                + " FROM events),"
                + " e AS (SELECT d.*, hll_bounds(hll_merge(h0, h1), 2) AS hb, theta_bounds(theta_intersect(t0, t1), 3) AS tb,"
                + "  bitmap_bounds(b0, 1) AS bb, bitmap64_bounds(c1, 3) AS cb FROM d)"
                + " SELECT hll_estimate(hll_merge(h0, h1)), e.hb.lower_bound < hll_estimate(hll_merge(h0, h1)),"
                + "  theta_estimate(theta_merge(t0, t1)), theta_estimate(theta_intersect(t0, t1)), theta_estimate(theta_difference(t0, t1)),"
                + "  e.tb.upper_bound >= theta_estimate(theta_intersect(t0, t1)),"
                + "  bitmap_cardinality(bitmap_merge(b0, b1)), bitmap_cardinality(bitmap_intersect(b0, b1)),"
                + "  bitmap_cardinality(bitmap_difference(b0, b1)), e.bb.lower_bound,"
                + "  bitmap64_cardinality(bitmap64_merge(c0, c1)), bitmap64_cardinality(bitmap64_intersect(c0, c1)),"
                + "  bitmap64_cardinality(bitmap64_difference(c0, c1)), e.cb.upper_bound,"
                + "  hll_estimate(hll_merge(h0, CAST(NULL AS BYTES))) = hll_estimate(h0), theta_intersect(t0, CAST(NULL AS BYTES)) IS NULL"
                + " FROM e";
        Set<Long> ch0 = events.stream().filter(e -> e.channel().equals("ch0")).map(FlinkTestEnv.Event::userId).collect(Collectors.toSet());
        Set<Long> ch1 = events.stream().filter(e -> e.channel().equals("ch1")).map(FlinkTestEnv.Event::userId).collect(Collectors.toSet());
        Set<Long> both = new HashSet<>(ch0);
        both.retainAll(ch1);
        Set<Long> only0 = new HashSet<>(ch0);
        only0.removeAll(ch1);
        Set<Long> union = new HashSet<>(ch0);
        union.addAll(ch1);
        Row row = FlinkTestEnv.collect(batch, sql).get(0);
        assertThat(row.<Double>getFieldAs(0)).isEqualTo(Oracle.hll(union));
        assertThat(row.<Boolean>getFieldAs(1)).isTrue();
        assertThat(row.<Double>getFieldAs(2)).isEqualTo(Oracle.theta(union));
        assertThat(row.<Double>getFieldAs(3)).isCloseTo(both.size(), org.assertj.core.data.Percentage.withPercentage(10));
        assertThat(row.<Double>getFieldAs(4)).isCloseTo(only0.size(), org.assertj.core.data.Percentage.withPercentage(10));
        assertThat(row.<Boolean>getFieldAs(5)).isTrue();
        assertThat(List.of(row.getField(6), row.getField(7), row.getField(8), row.getField(9)))
                .containsExactly((long) union.size(), (long) both.size(), (long) only0.size(), (double) ch0.size());
        assertThat(List.of(row.getField(10), row.getField(11), row.getField(12), row.getField(13)))
                .containsExactly((long) union.size(), (long) both.size(), (long) only0.size(), (double) ch1.size());
        assertThat(List.of(row.getField(14), row.getField(15))).containsExactly(true, true);
    }

    @Test
    void accumulatorsAreRawTypesWithTheirOwnSerializersNotKryo() {
        TableEnvironmentImpl env = (TableEnvironmentImpl) env(false, Map.of());
        Map<Class<?>, Class<?>> serializers = Map.of(
                HllAccumulator.class, HllAccumulatorSerializer.class,
                ThetaAccumulator.class, ThetaAccumulatorSerializer.class,
                Bitmap32Accumulator.class, Bitmap32AccumulatorSerializer.class,
                Bitmap64Accumulator.class, Bitmap64AccumulatorSerializer.class);
        serializers.forEach((accumulator, serializer) -> {
            DataType type = env.getCatalogManager().getDataTypeFactory().createDataType(accumulator);
            assertThat(type.getLogicalType()).isInstanceOf(RawType.class);
            assertThat(((RawType<?>) type.getLogicalType()).getTypeSerializer()).isExactlyInstanceOf(serializer);
        });
    }

    private static List<String> rootCauseMessages(Throwable e) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.add(String.valueOf(t.getMessage()));
        }
        return messages;
    }
}
