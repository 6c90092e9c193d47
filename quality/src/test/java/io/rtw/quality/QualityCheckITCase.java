package io.rtw.quality;

import io.rtw.meta.Mode;
import io.rtw.meta.Project;
import io.rtw.meta.Secrets;

import org.apache.flink.table.api.TableEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
        assertThat(ExampleData.rows(env, "SELECT `rule`, `key`, CAST(minute_end AS STRING) FROM paimon.quality."
                + "dqc_alerts WHERE metric = 'app_uv' AND dt = '" + DAY + "' AND `rule` = 'pv_dropped_to_zero'"))
                .containsExactly("+I[pv_dropped_to_zero, web, " + DAY + " 00:20:00.000]");
        assertThat(ExampleData.rows(env, "SELECT COUNT(*) FROM paimon.quality.dqc_breaches WHERE metric = 'app_uv' "
                + "AND dt = '" + DAY + "'")).containsExactly("+I[" + outcome.breaches().size() + "]");
        assertThat(Files.readString(home.resolve("broken.html"))).contains("pv_dropped_to_zero", "class=\"series right\"");
    }

    @Test
    void theStreamFormAlertsWhereAStreakOfBreachesStartsAsTheBatchCheckDoes() throws Exception {
        Metric metric = MetricParser.find(MetricParser.load(project, DAY, Secrets.of(Map.of())), "app_uv", project);
        TableEnvironment env = ExampleData.env(home);
        env.executeSql("CREATE TEMPORARY VIEW day_rows AS SELECT * FROM paimon.ads.app_uv_minute WHERE dt = '" + DAY
                + "'");
        var set = env.createStatementSet();
        for (String s : StreamRules.statements(metric, Optional.of("day_rows"), Mode.BATCH)) {
            String code = s.lines().filter(l -> !l.startsWith("--")).reduce("", (a, b) -> a + b + "\n").strip();
            if (code.startsWith("INSERT INTO rtw_dqc_alert_log")) {
                continue; // the print sink's lines would only clutter the test output
            }
            if (code.startsWith("INSERT")) {
                set.addInsertSql(code);
            } else {
                env.executeSql(code);
            }
        }
        set.execute().await();
        assertThat(ExampleData.rows(env, "SELECT `rule`, `key`, CAST(minute_end AS STRING), `value` FROM paimon."
                + "quality.dqc_stream_alerts WHERE dt = '" + DAY + "'")).containsExactly(
                "+I[pv_dropped_to_zero, web, " + DAY + " 00:20:00.000, 0.0]");

        // The same breaches under "2 consecutive": the alert comes with the second; under 4, none comes.
        for (int n : new int[] {2, 4}) {
            Metric.Rule drop = metric.rules().stream().filter(r -> r.name().equals("pv_dropped_to_zero")).findFirst()
                    .orElseThrow();
            Metric strict = new Metric(metric.name(), metric.description(), metric.location(), metric.table(),
                    metric.dayColumn(), metric.timeColumn(), metric.keys(), metric.measures(), metric.toleranceK(),
                    metric.late(), metric.sides(), metric.compare(), List.of(new Metric.Rule("drop_" + n,
                            drop.severity(), n, drop.check(), drop.location())));
            var again = env.createStatementSet();
            for (String s : StreamRules.statements(strict, Optional.of("day_rows"), Mode.BATCH)) {
                String code = s.lines().filter(l -> !l.startsWith("--")).reduce("", (a, b) -> a + b + "\n").strip();
                if (code.startsWith("INSERT INTO `paimon`")) {
                    again.addInsertSql(code);
                }
            }
            again.execute().await();
        }
        assertThat(ExampleData.rows(env, "SELECT `rule`, `key`, CAST(minute_end AS STRING) FROM paimon.quality."
                + "dqc_stream_alerts WHERE dt = '" + DAY + "' AND `rule` LIKE 'drop_%'")).containsExactly(
                "+I[drop_2, web, " + DAY + " 00:21:00.000]");

        // The stream form plans as a streaming job over the metric table (rows in arrival order).
        TableEnvironment stream = TableEnvironment.create(org.apache.flink.table.api.EnvironmentSettings
                .inStreamingMode());
        stream.executeSql("CREATE CATALOG paimon WITH ('type' = 'paimon', 'warehouse' = 'file://"
                + home.resolve("warehouse") + "')");
        var streaming = stream.createStatementSet();
        for (String s : StreamRules.statements(metric, Optional.empty(), Mode.STREAM)) {
            String code = s.lines().filter(l -> !l.startsWith("--")).reduce("", (a, b) -> a + b + "\n").strip();
            if (code.startsWith("INSERT")) {
                streaming.addInsertSql(code);
            } else {
                stream.executeSql(code);
            }
        }
        assertThat(streaming.explain()).contains("OverAggregate").contains("PROCTIME");
    }
}
