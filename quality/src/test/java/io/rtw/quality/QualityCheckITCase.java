package io.rtw.quality;

import io.rtw.meta.Mode;
import io.rtw.meta.Project;
import io.rtw.meta.Secrets;
import io.rtw.meta.sql.Statements;
import io.rtw.test.TestFlink;

import org.apache.flink.table.api.TableEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.rtw.quality.ExampleData.DAY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code rtw quality check} on the example warehouse's rules over a real Paimon warehouse: a clean day raises
 * nothing; a day whose PV drops to zero for a channel raises the error alert, writes the breaches and alerts tables
 * and the report; the stream form of the rules, run as SQL, writes the same breached rows to the stream alerts table.
 */
class QualityCheckITCase {

    private static final int MINUTES = 30;

    @TempDir static Path home;
    static Project project;
    static QualityCheck clean;
    static QualityCheck broken;
    static LocalDate cleanDay = DAY.minusDays(1);
    /** Every day's rows as written. */
    static List<ExampleData.Minute> written;

    @BeforeAll
    static void twoDays() throws Exception {
        project = ExampleData.project(home);
        TableEnvironment env = ExampleData.env(home);
        ExampleData.createMinuteTable(env, "ads.app_uv_minute");
        List<ExampleData.Minute> rows = new ArrayList<>();
        for (int d = 7; d >= 0; d--) {
            LocalDate day = DAY.minusDays(d);
            for (ExampleData.Minute m : ExampleData.minutes(day, MINUTES, ExampleData.onTime(day, MINUTES, 150, d))) {
                int minute = m.end().getHour() * 60 + m.end().getMinute();
                boolean drop = day.equals(DAY) && m.channel().equals("web") && minute >= 20 && minute < 23;
                rows.add(drop ? new ExampleData.Minute(m.dt(), m.channel(), m.end(), 0, 0, 0, m.hll()) : m);
            }
        }
        ExampleData.write(env, "ads.app_uv_minute", rows);
        written = rows;
        clean = QualityCheck.run(project, Secrets.of(Map.of()), new QualityCheck.Request(Optional.of("app_uv"),
                cleanDay, Optional.empty(), Optional.of(cleanDay.atStartOfDay().plusMinutes(MINUTES + 2)),
                Optional.of(home.resolve("clean.html")), true));
        broken = QualityCheck.run(project, Secrets.of(Map.of()), new QualityCheck.Request(Optional.of("app_uv"), DAY,
                Optional.empty(), Optional.of(DAY.atStartOfDay().plusMinutes(MINUTES + 2)),
                Optional.of(home.resolve("broken.html")), true));
    }

    @Test
    void aCleanDayRaisesNothing() {
        assertThat(clean.checked().get(0).outcome().breaches()).isEmpty();
        assertThat(clean.failed()).isFalse();
        assertThat(clean.summary()).contains("PASS");
        // Last week's day was never written: that rule judged no point of the day, and the summary says so.
        long points = written.stream().filter(m -> m.dt().equals(cleanDay.toString())).count();
        assertThat(clean.summary().lines().filter(l -> l.strip().startsWith("pv_vs_last_week")))
                .singleElement().asString().endsWith("not judged: " + points + " of " + points
                        + " points (no clean baseline within 3 weeks)");
        assertThat(clean.summary().lines().filter(l -> l.strip().startsWith("uv_vs_yesterday")))
                .singleElement().asString().doesNotContain("not judged");
    }

    @Test
    void aDropToZeroRaisesTheErrorAlertAndIsWritten() throws Exception {
        var outcome = broken.checked().get(0).outcome();
        assertThat(outcome.breaches()).filteredOn(b -> b.rule().name().equals("pv_dropped_to_zero"))
                .map(b -> b.point().key() + "@" + b.point().minute().toLocalTime())
                .containsExactly("web@00:20", "web@00:21", "web@00:22");
        assertThat(outcome.alerts()).map(a -> a.rule().name() + " " + a.point().key() + "@"
                + a.point().minute().toLocalTime()).contains("pv_dropped_to_zero web@00:20");
        assertThat(broken.failed()).isTrue();
        TableEnvironment env = ExampleData.env(home);
        assertThat(TestFlink.rows(env, "SELECT `rule`, `key`, CAST(minute_end AS STRING) FROM paimon.quality."
                + "dqc_alerts WHERE metric = 'app_uv' AND dt = '" + DAY + "' AND `rule` = 'pv_dropped_to_zero'"))
                .containsExactly("+I[pv_dropped_to_zero, web, " + DAY + " 00:20:00.000]");
        assertThat(TestFlink.rows(env, "SELECT COUNT(*) FROM paimon.quality.dqc_breaches WHERE metric = 'app_uv' "
                + "AND dt = '" + DAY + "'")).containsExactly("+I[" + outcome.breaches().size() + "]");
        assertThat(Files.readString(home.resolve("broken.html"))).contains("pv_dropped_to_zero", "class=\"series right\"");
    }

    @Test
    void theStreamFormAlertsWhereAStreakOfBreachesStartsAsTheBatchCheckDoes() throws Exception {
        Metric metric = MetricParser.find(MetricParser.load(project, DAY, Secrets.of(Map.of())), "app_uv", project);
        TableEnvironment env = ExampleData.env(home);
        env.executeSql("CREATE TEMPORARY VIEW day_rows AS SELECT * FROM paimon.ads.app_uv_minute WHERE dt = '" + DAY
                + "'");
        run(env, StreamRules.statements(metric, Optional.of("day_rows"), Mode.BATCH));
        assertThat(TestFlink.rows(env, "SELECT `rule`, `key`, CAST(minute_end AS STRING), CAST(`value` AS STRING) "
                + "FROM paimon."
                + "quality.dqc_stream_alerts WHERE dt = '" + DAY + "' AND `rule` IN (" + metric.rules().stream()
                .map(r -> "'" + r.name() + "'").collect(java.util.stream.Collectors.joining(", ")) + ")"))
                .containsExactly(
                "+I[pv_dropped_to_zero, web, " + DAY + " 00:20:00.000, 0.000000000000000000]");
        // Each rule judged per point alerts at the same points in both of its forms.
        List<String> pointRules = metric.rules().stream().filter(r -> r.check() instanceof PointCheck)
                .map(Metric.Rule::name).toList();
        assertThat(pointRules).hasSize(4);
        assertThat(TestFlink.rows(env, "SELECT `rule`, `key`, CAST(minute_end AS STRING) FROM paimon.quality."
                + "dqc_stream_alerts WHERE dt = '" + DAY + "'")).filteredOn(r -> pointRules.stream().anyMatch(
                        n -> r.startsWith("+I[" + n + ",")))
                .containsExactlyInAnyOrderElementsOf(broken.checked().get(0).outcome().alerts().stream()
                        .filter(a -> pointRules.contains(a.rule().name())).map(a -> "+I[" + a.rule().name() + ", "
                                + a.point().key() + ", " + a.point().minute().toString().replace('T', ' ') + ":00.000]")
                        .toList());

        // The same breaches under "2 consecutive": the alert comes with the second; under 4, none comes.
        for (int n : new int[] {2, 4}) {
            Metric.Rule drop = metric.rules().stream().filter(r -> r.name().equals("pv_dropped_to_zero")).findFirst()
                    .orElseThrow();
            Metric strict = new Metric(metric.name(), metric.description(), metric.location(), metric.table(),
                    metric.dayColumn(), metric.timeColumn(), metric.keys(), metric.rows(), metric.measures(),
                    metric.toleranceK(), metric.late(), metric.sides(), metric.compare(), List.of(new Metric.Rule(
                            "drop_" + n, drop.severity(), n, drop.check(), drop.location())));
            run(env, StreamRules.statements(strict, Optional.of("day_rows"), Mode.BATCH));
        }
        assertThat(TestFlink.rows(env, "SELECT `rule`, `key`, CAST(minute_end AS STRING) FROM paimon.quality."
                + "dqc_stream_alerts WHERE dt = '" + DAY + "' AND `rule` LIKE 'drop_%'")).containsExactly(
                "+I[drop_2, web, " + DAY + " 00:21:00.000]");

        // The stream form plans as a streaming job over the metric table (rows in arrival order).
        TableEnvironment stream = TableEnvironment.create(org.apache.flink.table.api.EnvironmentSettings
                .inStreamingMode());
        stream.executeSql("CREATE CATALOG paimon WITH ('type' = 'paimon', 'warehouse' = 'file://"
                + home.resolve("warehouse") + "')");
        var streaming = stream.createStatementSet();
        for (String s : StreamRules.statements(metric, Optional.empty(), Mode.STREAM)) {
            String code = Statements.withoutComments(s).strip();
            if (code.startsWith("INSERT")) {
                streaming.addInsertSql(s);
            } else {
                stream.executeSql(s);
            }
        }
        assertThat(streaming.explain()).contains("OverAggregate").contains("PROCTIME");
    }

    @Test
    void theStreamFormsOfChangeAndNullRatioAlertAsThePlainJavaOracleOnBothRuntimes() throws Exception {
        Metric app = MetricParser.find(MetricParser.load(project, DAY, Secrets.of(Map.of())), "app_uv", project);
        Metric.Rule any = app.rules().get(0);
        Change change = new Change("pv", 1, Optional.of(new BigDecimal("0.5")), Optional.empty(), 1);
        Change deeper = new Change("pv", 1, Optional.of(new BigDecimal("0.5")), Optional.empty(), 2);
        NullRatio nulls = new NullRatio("channel", BigDecimal.ZERO);
        Metric metric = new Metric("app_uv", app.description(), app.location(), app.table(), app.dayColumn(),
                app.timeColumn(), app.keys(), app.rows(), app.measures(), app.toleranceK(), app.late(), app.sides(),
                app.compare(),
                List.of(new Metric.Rule("pv_change_1", any.severity(), 2, change, any.location()),
                        new Metric.Rule("pv_change_2", any.severity(), 2, deeper, any.location()),
                        new Metric.Rule("nulls_1", any.severity(), 1, nulls, any.location()),
                        new Metric.Rule("nulls_2", any.severity(), 2, nulls, any.location()),
                        new Metric.Rule("nulls_3", any.severity(), 3, nulls, any.location())));
        TableEnvironment env = ExampleData.env(home);
        // Breaches the batch check recorded the day before: web's 00:20 and 00:21 (no baseline for lookback 1) and
        // the day-level null ratio of yesterday for nulls_2 and nulls_3 (and not the day before, for nulls_3).
        LocalDate before = DAY.minusDays(1);
        Set<String> breachedBefore = Set.of("web@" + before + "T00:20", "web@" + before + "T00:21");
        env.executeSql("INSERT INTO paimon.quality.dqc_breaches VALUES "
                + "('pv_change_1', 'web', TIMESTAMP '" + before + " 00:20:00', 'warn', 0, 0, 'x', 'app_uv', '" + before + "'), "
                + "('pv_change_1', 'web', TIMESTAMP '" + before + " 00:21:00', 'warn', 0, 0, 'x', 'app_uv', '" + before + "'), "
                + "('nulls_2', '*', TIMESTAMP '" + DAY + " 00:00:00', 'warn', 0, 0, 'x', 'app_uv', '" + before + "'), "
                + "('nulls_3', '*', TIMESTAMP '" + DAY + " 00:00:00', 'warn', 0, 0, 'x', 'app_uv', '" + before + "')")
                .await();
        // The day's rows plus one without a channel at 00:10.
        String rowsOfTheDay = "SELECT * FROM paimon.ads.app_uv_minute%s WHERE dt = '" + DAY + "' UNION ALL SELECT dt, "
                + "CAST(NULL AS STRING), minute_end, pv, uv, uv_hll, hll FROM paimon.ads.app_uv_minute%1$s WHERE dt = '"
                + DAY + "' AND channel = 'web' AND minute_end = TIMESTAMP '" + DAY + " 00:10:00'";

        // The oracle, in plain Java over the rows written: per key, the first clean baseline of each minute, the
        // breaches (more than 50% away), an alert where two consecutive breaches start.
        Map<String, Long> pv = new java.util.HashMap<>();
        written.forEach(m -> pv.put(m.channel() + "@" + m.end(), m.pv()));
        List<String> expected = new ArrayList<>();
        for (int lookback : new int[] {1, 2}) {
            Map<String, Integer> streak = new java.util.HashMap<>();
            for (ExampleData.Minute m : written.stream().filter(m -> m.dt().equals(DAY.toString()))
                    .sorted(java.util.Comparator.comparing(ExampleData.Minute::end)).toList()) {
                Long base = null;
                for (int i = 1; i <= lookback && base == null; i++) {
                    String at = m.channel() + "@" + m.end().minusDays(i);
                    base = breachedBefore.contains(at) ? null : pv.get(at);
                }
                boolean breach = base != null && (base == 0 ? m.pv() != 0 : Math.abs(m.pv() - base) > 0.5 * base);
                int n = breach ? streak.merge(m.channel(), 1, Integer::sum) : 0;
                streak.put(m.channel(), n);
                if (n == 2) {
                    expected.add("pv_change_" + lookback + " " + m.channel() + " " + m.end().toString().replace('T', ' '));
                }
            }
        }
        expected.add("nulls_1 * " + DAY + " 00:10");
        expected.add("nulls_2 * " + DAY + " 00:10");
        // Yesterday's breached points are no baseline: one period back finds none for web 00:20-00:21, two do.
        assertThat(expected).contains("pv_change_2 web " + DAY + " 00:21")
                .doesNotContain("pv_change_1 web " + DAY + " 00:21", "pv_change_1 web " + DAY + " 00:22");
        java.util.Collections.sort(expected);

        String alerts = "SELECT `rule`, `key`, SUBSTRING(CAST(minute_end AS STRING), 1, 16) FROM paimon.quality."
                + "dqc_stream_alerts WHERE dt = '" + DAY + "' AND (`rule` LIKE 'pv_change_%' OR `rule` LIKE 'nulls_%')";
        // Batch runtime, rows in the order of their window end.
        env.executeSql("CREATE TEMPORARY VIEW rows_with_a_null AS " + rowsOfTheDay.formatted(""));
        run(env, StreamRules.statements(metric, Optional.of("rows_with_a_null"), Mode.BATCH));
        List<String> batch = TestFlink.rows(env, alerts).stream().map(r -> r.substring(3, r.length() - 1)
                .replace(", ", " ")).sorted().toList();
        assertThat(batch).isEqualTo(expected);

        // Streaming runtime, the same rows read as a bounded stream in key order, lookups at processing time.
        env.executeSql("DELETE FROM paimon.quality.dqc_stream_alerts WHERE dt = '" + DAY + "'").await();
        TableEnvironment stream = TableEnvironment.create(org.apache.flink.table.api.EnvironmentSettings
                .newInstance().inStreamingMode().withConfiguration(org.apache.flink.configuration.Configuration.fromMap(
                        Map.of("parallelism.default", "1", "table.local-time-zone", "Asia/Shanghai",
                                "rest.bind-address", "127.0.0.1", "rest.address", "127.0.0.1"))).build());
        stream.executeSql("CREATE CATALOG paimon WITH ('type' = 'paimon', 'warehouse' = 'file://"
                + home.resolve("warehouse") + "')");
        stream.executeSql("CREATE TEMPORARY VIEW rows_with_a_null AS " + rowsOfTheDay.formatted(
                " /*+ OPTIONS('scan.bounded' = 'true') */"));
        run(stream, StreamRules.statements(metric, Optional.of("rows_with_a_null"), Mode.STREAM));
        assertThat(TestFlink.rows(env, alerts).stream().map(r -> r.substring(3, r.length() - 1).replace(", ", " "))
                .sorted().toList()).isEqualTo(expected);
    }

    @Test
    void theStreamFormOfFreshnessAlertsOnTheClockWhenTheNewestWindowEndLags() throws Exception {
        Metric app = MetricParser.find(MetricParser.load(project, DAY, Secrets.of(Map.of())), "app_uv", project);
        Metric.Rule any = app.rules().get(0);
        Metric metric = new Metric("app_uv_fresh", app.description(), app.location(), app.table(), app.dayColumn(),
                app.timeColumn(), app.keys(), app.rows(), app.measures(), app.toleranceK(), app.late(), app.sides(),
                app.compare(),
                List.of(new Metric.Rule("fresh_1min", any.severity(), 1, new Freshness(Duration.ofMinutes(1)),
                                any.location()),
                        new Metric.Rule("fresh_10min", any.severity(), 1, new Freshness(Duration.ofMinutes(10)),
                                any.location()),
                        new Metric.Rule("fresh_1min_2days", any.severity(), 2, new Freshness(
                                Duration.ofMinutes(1)), any.location()),
                        new Metric.Rule("fresh_1min_2days_stale_yesterday", any.severity(), 2, new Freshness(
                                Duration.ofMinutes(1)), any.location())));
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        LocalDateTime newest = LocalDateTime.now(zone).withSecond(0).withNano(0).minusMinutes(2);
        TableEnvironment stream = TableEnvironment.create(org.apache.flink.table.api.EnvironmentSettings
                .newInstance().inStreamingMode().withConfiguration(org.apache.flink.configuration.Configuration.fromMap(
                        Map.of("parallelism.default", "1", "table.local-time-zone", zone.getId(),
                                "rest.bind-address", "127.0.0.1", "rest.address", "127.0.0.1"))).build());
        stream.executeSql("CREATE CATALOG paimon WITH ('type' = 'paimon', 'warehouse' = 'file://"
                + home.resolve("warehouse") + "')");
        // Rows whose newest window end is two minutes ago, and a clock of three ticks.
        var seconds = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        stream.executeSql("CREATE TEMPORARY VIEW recent_rows AS SELECT * FROM (VALUES ('app', TIMESTAMP '"
                + newest.minusMinutes(1).format(seconds) + "'), ('web', TIMESTAMP '" + newest.format(seconds)
                + "')) AS t (channel, minute_end)");
        stream.executeSql("CREATE TEMPORARY TABLE " + StreamRules.CLOCK + " (tick INT, rtw_pt AS PROCTIME()) WITH ("
                + "'connector' = 'datagen', 'rows-per-second' = '1', 'number-of-rows' = '3')");
        List<String> statements = StreamRules.statements(metric, Optional.of("recent_rows"), Mode.STREAM);
        assertThat(statements).filteredOn(st -> st.contains("INSERT INTO `paimon`.`quality`.`dqc_stream_alerts`"))
                .hasSize(4);
        // The batch check found one of the 2-day rules breached yesterday (a day-level point: key *, the day's end).
        LocalDate today = newest.plusMinutes(2).toLocalDate();
        ExampleData.env(home).executeSql("INSERT INTO paimon.quality.dqc_breaches VALUES ("
                + "'fresh_1min_2days_stale_yesterday', '*', TIMESTAMP '" + today + " 00:00:00', 'error', 900, 60, 'x', "
                + "'app_uv_fresh', '" + today.minusDays(1) + "')").await();
        // First the newest window end is committed, then the clock ticks. (The rules' own INSERTs name the latest
        // table too, in their lookup join: only the INSERT into it belongs to the first run, or every alert would be
        // raised twice, in two minutes when the runs straddle one.)
        String intoLatest = "INSERT INTO `paimon`.`quality`.`" + StreamRules.LATEST;
        run(stream, statements.stream().filter(st -> !st.contains("INSERT") || st.contains(intoLatest)).toList());
        run(stream, statements.stream().filter(st -> st.contains("INSERT") && !st.contains(intoLatest)).toList());
        TableEnvironment env = ExampleData.env(home);
        assertThat(TestFlink.rows(env, "SELECT CAST(latest AS STRING) FROM paimon.quality." + StreamRules.LATEST
                + " WHERE metric = 'app_uv_fresh'")).containsExactly("+I[" + newest.format(seconds)
                + ".000]");
        // Two minutes behind: a 1-minute rule raises one alert (where the stale stretch starts), a 10-minute rule
        // none; with consecutive 2 (days), only the rule whose yesterday breached too.
        assertThat(TestFlink.rows(env, "SELECT `rule`, `key`, `value` >= 120 FROM paimon.quality.dqc_stream_alerts "
                + "WHERE metric = 'app_uv_fresh'")).containsExactlyInAnyOrder("+I[fresh_1min, *, true]",
                "+I[fresh_1min_2days_stale_yesterday, *, true]");
    }

    /** Runs the stream form's statements (without the print sink, whose lines would clutter the output). */
    private static void run(TableEnvironment env, List<String> statements) throws Exception {
        var set = env.createStatementSet();
        for (String s : statements) {
            String code = Statements.withoutComments(s).strip();
            if (code.startsWith("INSERT INTO rtw_dqc_alert_log")) {
                continue;
            }
            if (code.startsWith("INSERT")) {
                set.addInsertSql(s);
            } else {
                env.executeSql(s);
            }
        }
        set.execute().await();
    }
}
