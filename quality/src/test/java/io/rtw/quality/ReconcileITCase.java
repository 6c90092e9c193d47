package io.rtw.quality;

import io.rtw.meta.DefinitionException;
import io.rtw.meta.Project;
import io.rtw.meta.Secrets;
import io.rtw.test.TestFlink;

import org.apache.flink.table.api.TableEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static io.rtw.quality.ExampleData.DAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reconciliation on the example warehouse's metric {@code app_uv} in a real Paimon warehouse: the stream result of
 * the day (with injected late records and a missing minute) is tagged, the batch result rewrites the day, and the
 * comparison must find exactly the injected differences; a perturbed standby table is found by primary/standby.
 */
class ReconcileITCase {

    private static final int MINUTES = 120;

    @TempDir static Path home;
    static Project project;
    static List<ExampleData.Event> onTime;
    static List<ExampleData.Event> late;
    static List<ExampleData.Minute> stream;
    static List<ExampleData.Minute> batch;
    static LocalDateTime missing = DAY.atStartOfDay().plusMinutes(31);
    static Reconciliation result;

    @BeforeAll
    static void streamDayThenBatchDay() throws Exception {
        project = ExampleData.project(home);
        onTime = ExampleData.onTime(DAY, MINUTES, 150, 0);
        LocalDateTime start = DAY.atStartOfDay();
        late = List.of(new ExampleData.Event("app", 999, start.plusSeconds(15 * 60 + 30)),
                new ExampleData.Event("app", 3, start.plusMinutes(40)),
                new ExampleData.Event("web", 1000, start.plusSeconds(70 * 60 + 5)),
                new ExampleData.Event("web", 1001, start.plusSeconds(70 * 60 + 5)));
        stream = ExampleData.minutes(DAY, MINUTES, onTime).stream()
                .filter(m -> !(m.channel().equals("mini") && m.end().equals(missing))).toList();
        List<ExampleData.Event> all = new ArrayList<>(onTime);
        all.addAll(late);
        batch = ExampleData.minutes(DAY, MINUTES, all);

        TableEnvironment env = ExampleData.env(home);
        ExampleData.createMinuteTable(env, "ads.app_uv_minute");
        ExampleData.write(env, "ads.app_uv_minute", stream);
        ExampleData.writeLate(env, late);
        Reconciliation.freeze(project, Secrets.of(Map.of()), "app_uv", DAY, "stream");
        ExampleData.write(env, "ads.app_uv_minute", batch);
        result = Reconciliation.run(project, Secrets.of(Map.of()), new Reconciliation.Request("app_uv", DAY,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(home.resolve("report.html")), true));
    }

    @Test
    void findsExactlyTheMinutesTheLateRecordsChangeAndTheMissingMinute() {
        Map<String, ExampleData.Minute> s = ExampleData.byKey(stream);
        Set<String> expected = new TreeSet<>();
        for (ExampleData.Minute b : batch) {
            ExampleData.Minute m = s.get(b.channel() + "@" + b.end());
            if (m == null) {
                // The metric's rows are on-change: the stream's missing row holds its previous minute's values, and
                // shows where the batch's differ (mini has no late records to explain it).
                ExampleData.Minute held = s.get(b.channel() + "@" + b.end().minusMinutes(1));
                if (held.pv() != b.pv()) {
                    expected.add(b.channel() + "@" + b.end() + " pv breach");
                }
                if (held.uv() != b.uv()) {
                    expected.add(b.channel() + "@" + b.end() + " uv breach");
                }
            } else {
                if (m.pv() != b.pv()) {
                    expected.add(b.channel() + "@" + b.end() + " pv late");
                }
                if (m.uv() != b.uv()) {
                    expected.add(b.channel() + "@" + b.end() + " uv late");
                }
            }
        }
        assertThat(expected).isNotEmpty().anyMatch(d -> d.startsWith("mini@" + missing + " "));
        Set<String> found = result.differences().stream().filter(d -> !d.measure().equals("uv_hll"))
                .map(d -> d.key() + "@" + d.minute() + " " + d.measure() + " " + d.verdict().id())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(found).containsExactlyElementsOf(expected);
        // Four late users move no HLL estimate by more than tolerance-k standard errors: no sketch differences.
        assertThat(result.differences()).filteredOn(d -> d.measure().equals("uv_hll")).isEmpty();
        assertThat(result.breached()).isTrue();
    }

    @Test
    void singlesOutTheKeysExplainedByLateRecordsWithTheirCounts() {
        assertThat(result.lateKeys()).containsExactly("__all__", "app", "web");
        Map<String, Long> lateByKey = new TreeMap<>();
        late.forEach(e -> lateByKey.merge(e.channel(), 1L, Long::sum));
        String summary = result.summary();
        for (String key : List.of("app", "web")) {
            assertThat(summary).containsPattern("(?m)^  " + key + " .* " + lateByKey.get(key) + "  pv ");
        }
        assertThat(summary).containsPattern("(?m)^  __all__ .* " + late.size() + "  pv ");
        assertThat(summary).containsPattern("(?m)^  mini .* 0  pv ");
        // Every late difference of PV equals the late records before the minute, exactly.
        result.differences().stream().filter(d -> d.measure().equals("pv") && d.verdict() == Verdict.LATE)
                .forEach(d -> assertThat(d.diff()).isEqualByComparingTo(java.math.BigDecimal.valueOf(late.stream()
                        .filter(e -> (d.key().equals("__all__") || e.channel().equals(d.key()))
                                && e.time().isBefore(d.minute())).count())));
    }

    @Test
    void writesTheDifferencesTableAndTheReport() throws Exception {
        Map<String, Long> byVerdict = result.differences().stream().collect(Collectors.groupingBy(
                d -> d.verdict().id(), TreeMap::new, Collectors.counting()));
        List<String> expected = new ArrayList<>();
        byVerdict.forEach((v, n) -> expected.add("+I[" + v + ", " + n + "]"));
        assertThat(TestFlink.rows(ExampleData.env(home), "SELECT verdict, COUNT(*) FROM paimon.quality."
                + "reconcile_differences WHERE metric = 'app_uv' AND dt = '" + DAY + "' AND comparison = "
                + "'stream_vs_batch' GROUP BY verdict")).containsExactlyElementsOf(expected);
        String html = Files.readString(home.resolve("report.html"));
        assertThat(html).contains("<polyline class=\"series left\"", "<polyline class=\"series right\"",
                "missing_left").doesNotContain("src=", "href=", "<link", "@import");
    }

    @Test
    void theFrozenTagKeepsTheStreamResultAndCannotBeTakenTwice() {
        assertThatThrownBy(() -> Reconciliation.freeze(project, Secrets.of(Map.of()), "app_uv", DAY, "stream"))
                .isInstanceOf(DefinitionException.class).hasMessageContaining("tag 'stream-" + DAY + "'")
                .hasMessageContaining("already exists");
    }

    @Test
    void aTableNoJobHasWrittenYetIsAUserErrorNamingIt(@TempDir Path empty) {
        Project fresh = ExampleData.project(empty);
        String expected = "1 problem:\n  paimon.ads.app_uv_minute: no such table in the warehouse yet: run the job "
                + "that writes it first";

        assertThatThrownBy(() -> Reconciliation.run(fresh, Secrets.of(Map.of()), Reconciliation.Request.of("app_uv",
                DAY))).isInstanceOf(DefinitionException.class).hasMessage(expected);
        assertThatThrownBy(() -> QualityCheck.run(fresh, Secrets.of(Map.of()), QualityCheck.Request.of(DAY)))
                .isInstanceOf(DefinitionException.class).hasMessage(expected);
        assertThatThrownBy(() -> Reconciliation.freeze(fresh, Secrets.of(Map.of()), "app_uv", DAY, "stream"))
                .isInstanceOf(DefinitionException.class).hasMessage(expected);
    }

    @Test
    void primaryStandbyFindsThePerturbedStandby() throws Exception {
        TableEnvironment env = ExampleData.env(home);
        ExampleData.createMinuteTable(env, "ads_standby.app_uv_minute");
        LocalDateTime gone = DAY.atStartOfDay().plusMinutes(77);
        Set<String> perturbed = new HashSet<>();
        List<ExampleData.Minute> standby = new ArrayList<>();
        for (ExampleData.Minute m : batch) {
            if (m.channel().equals("web") && m.end().equals(gone)) {
                continue;
            }
            int minute = m.end().getHour() * 60 + m.end().getMinute();
            if (m.channel().equals("app") && minute >= 50 && minute < 53) {
                standby.add(new ExampleData.Minute(m.dt(), m.channel(), m.end(), m.pv() + 2, m.uv(), m.uvHll(), m.hll()));
                perturbed.add("app@" + m.end() + " pv breach");
            } else if (m.channel().equals("mini") && minute == 90) {
                standby.add(new ExampleData.Minute(m.dt(), m.channel(), m.end(), m.pv(), m.uv(), m.uvHll() * 1.5,
                        new byte[] {1, 2, 3}));
                perturbed.add("mini@" + m.end() + " uv_hll breach");
            } else {
                standby.add(m);
            }
        }
        // On-change rows: the standby's missing row holds its previous minute's values, a breach where they differ.
        Map<String, ExampleData.Minute> byKey = ExampleData.byKey(batch);
        ExampleData.Minute atGone = byKey.get("web@" + gone);
        ExampleData.Minute held = byKey.get("web@" + gone.minusMinutes(1));
        if (held.pv() != atGone.pv()) {
            perturbed.add("web@" + gone + " pv breach");
        }
        // The day's users of web at that minute were all seen before it: uv (and so its sketch) holds.
        assertThat(held.uv()).isEqualTo(atGone.uv());
        assertThat(perturbed).anyMatch(d -> d.startsWith("web@" + gone + " "));
        ExampleData.write(env, "ads_standby.app_uv_minute", standby);
        Reconciliation r = Reconciliation.run(project, Secrets.of(Map.of()), new Reconciliation.Request("app_uv", DAY,
                Optional.empty(), Optional.empty(), Optional.of("paimon.ads.app_uv_minute"),
                Optional.of("paimon.ads_standby.app_uv_minute"), Optional.empty(),
                Optional.of(home.resolve("standby.html")), false));
        assertThat(r.differences()).map(d -> d.key() + "@" + d.minute() + " " + d.measure() + " " + d.verdict().id())
                .containsExactlyInAnyOrderElementsOf(perturbed);
        assertThat(r.breached()).isTrue();

        // The same side from two tables: the standby given as the batch side's other table.
        Reconciliation sameSide = Reconciliation.run(project, Secrets.of(Map.of()), new Reconciliation.Request(
                "app_uv", DAY, Optional.of("batch"), Optional.of("batch"), Optional.empty(),
                Optional.of("paimon.ads_standby.app_uv_minute"), Optional.empty(),
                Optional.of(home.resolve("standby-side.html")), false));
        assertThat(sameSide.differences()).map(d -> d.key() + "@" + d.minute() + " " + d.measure() + " "
                + d.verdict().id()).containsExactlyInAnyOrderElementsOf(perturbed);
        assertThatThrownBy(() -> Reconciliation.run(project, Secrets.of(Map.of()), new Reconciliation.Request(
                "app_uv", DAY, Optional.of("batch"), Optional.of("batch"), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), false))).isInstanceOf(DefinitionException.class)
                .hasMessageEndingWith("left and right are both side 'batch' of paimon.ads.app_uv_minute: compare two "
                        + "different sides, or give --left-table or --right-table");
    }
}
