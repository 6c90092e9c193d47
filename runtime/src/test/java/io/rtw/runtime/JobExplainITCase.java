package io.rtw.runtime;

import io.rtw.meta.Mode;
import io.rtw.meta.Project;
import io.rtw.meta.Secrets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Explain#explain} over the example warehouse with a real Paimon catalog: the job {@code rtw run} would submit,
 * planned and summarised without running; app_uv.sql aggregates every event once in both modes,
 * and each of its running aggregates once.
 */
class JobExplainITCase {

    private static final Path APP_UV = Path.of("../sql/jobs/app_uv.sql");
    private static final LocalDate DAY = LocalDate.of(2026, 11, 21);

    @TempDir Path home;

    private Project example() {
        return Project.load(Path.of("../sql"), new Project.Options(Optional.empty(),
                Map.of("warehouse", "file://" + home.resolve("warehouse")), Secrets.of(Map.of()), home));
    }

    private static String explain(JobRequest spec, boolean full) {
        return new Explain(Secrets.of(Map.of("RTW_EXPLAIN_TOKEN", "s3cr3t-token"))).explain(spec, full);
    }

    private JobRequest spec(Path file, Mode mode, boolean bounded, Map<String, String> conf) {
        return new JobRequest(example(), file, mode, Optional.of(DAY),
                new RunOptions(Target.local(), bounded, Optional.empty(), conf));
    }

    private static long lines(String text, String nodePrefix) {
        return text.lines().map(l -> l.replaceFirst("^[\\s:+|-]*", "")).filter(l -> l.startsWith(nodePrefix)).count();
    }

    @Test
    void theExampleJobAggregatesEveryEventOnceInBothModes() {
        String stream = explain(spec(APP_UV, Mode.STREAM, false, Map.of()), false);
        assertThat(stream).startsWith("""
                -- app_uv.sql in stream mode, business day 2026-11-21: one job of 7 inserts
                -- reads:             app_events$source
                -- looks up:          uv_activity_days
                -- aggregations:      3
                -- writes:            paimon.ads.app_uv_minute, paimon.ads.app_uv_activity_minute, \
                paimon.ads.app_uv_activity_day, uv_serving, paimon.ods.app_events_dead_letter, paimon.ods.app_events_late, \
                paimon.ods.app_events
                -- planner advice:    none

                == Optimized Execution Plan ==
                """);
        // One window aggregate over the events, one running aggregate per key and day, one per key across days: each
        // once, shared by every insert, and one lookup of the activity's users.
        assertThat(lines(stream, "LocalWindowAggregate(")).isEqualTo(1);
        assertThat(lines(stream, "GlobalWindowAggregate(")).isEqualTo(1);
        assertThat(lines(stream, "OverAggregate(")).isEqualTo(2);
        assertThat(lines(stream, "LookupJoin(")).isEqualTo(1);
        assertThat(stream).doesNotContain("== Abstract Syntax Tree ==");

        String bounded = explain(spec(APP_UV, Mode.STREAM, true, Map.of()), false);
        assertThat(bounded).contains("stream mode, business day 2026-11-21 (bounded): one job of 7 inserts")
                .contains("-- aggregations:      3\n");

        String batch = explain(spec(APP_UV, Mode.BATCH, false, Map.of()), false);
        assertThat(batch).startsWith("""
                -- app_uv.sql in batch mode, business day 2026-11-21 (bounded streams): one job of 4 inserts
                -- reads:             app_events$source
                -- looks up:          uv_activity_days
                -- aggregations:      3
                -- writes:            paimon.ads.app_uv_minute, paimon.ads.app_uv_activity_minute, \
                paimon.ads.app_uv_activity_day, uv_serving
                """);
        assertThat(lines(batch, "LocalWindowAggregate(")).isEqualTo(1);
        assertThat(lines(batch, "OverAggregate(")).isEqualTo(2);
    }

    @Test
    void aSecondWindowAggregateOverTheEventsShowsInTheSummary() {
        // The shape docs/benchmarks.md run 10 found in app_uv.sql: an insert reading the view's summaries without its
        // PV gets a tree of its own, so every event is aggregated twice.
        String twoPaths = explain(spec(Path.of("../bench/sql/uv_two_paths.sql"), Mode.STREAM, false, Map.of()), false);
        assertThat(twoPaths).contains("-- aggregations:      2\n");
        assertThat(lines(twoPaths, "LocalWindowAggregate(")).isEqualTo(2);

        String onePhase = explain(spec(APP_UV, Mode.STREAM, false,
                Map.of("table.optimizer.agg-phase-strategy", "ONE_PHASE")), false);
        assertThat(onePhase).contains("-- aggregations:      3\n");
        assertThat(lines(onePhase, "LocalWindowAggregate(")).isZero();
        assertThat(lines(onePhase, "WindowAggregate(")).isEqualTo(1);
    }

    @Test
    void theBatchRuntimeIsPlannedWithoutAdviceAndFullGivesFlinksWholeExplain() {
        String batchRuntime = explain(spec(APP_UV, Mode.BATCH, false, Map.of("execution.runtime-mode", "batch")), true);
        // The batch runtime copies each event into every window holding it (WindowTableFunction), then aggregates.
        assertThat(batchRuntime).contains("batch mode, business day 2026-11-21 (batch runtime): one job of 4 inserts")
                .contains("-- reads:             paimon.ods.app_events\n").contains("-- aggregations:      3\n").contains("-- planner advice:    none\n")
                .contains("== Abstract Syntax Tree ==").contains("== Optimized Physical Plan ==")
                .contains("== Optimized Execution Plan ==");

        String full = explain(spec(APP_UV, Mode.STREAM, false, Map.of()), true);
        assertThat(full).contains("== Abstract Syntax Tree ==").contains("== Optimized Physical Plan With Advice ==")
                .contains("No available advice");
    }

    @Test
    void thePlannersAdviceIsLiftedIntoTheSummaryAndSecretsInThePlanAreMasked() throws Exception {
        Path job = Files.writeString(home.resolve("per_channel.sql"), """
                CREATE TEMPORARY TABLE per_channel (channel STRING, pv BIGINT, PRIMARY KEY (channel) NOT ENFORCED)
                  WITH ('connector' = 'blackhole');

                INSERT INTO per_channel
                SELECT channel, COUNT(*) FROM app_events WHERE event_type <> '${env:RTW_EXPLAIN_TOKEN}' GROUP BY channel;
                """);
        String plan = explain(spec(job, Mode.STREAM, false, Map.of()), true);

        assertThat(plan).contains("-- aggregations:      1\n").contains("-- writes:            per_channel, ")
                .contains("-- planner advice[1]: [ADVICE]").contains("table.exec.mini-batch.enabled");
        assertThat(plan).contains("${env:RTW_EXPLAIN_TOKEN}").doesNotContain("s3cr3t-token");
    }

    @Test
    void aMistakeInAnInsertIsToldAtItsLineAndNothingIsPlanned() throws Exception {
        Path job = Files.writeString(home.resolve("broken.sql"), """
                -- a job that writes a table nobody created

                INSERT INTO paimon.ads.nowhere
                SELECT channel FROM app_events;
                """);
        assertThatThrownBy(() -> explain(spec(job, Mode.STREAM, false, Map.of()), false))
                .isInstanceOf(JobException.class).hasMessageStartingWith(job + ":3:13: no table 'paimon.ads.nowhere' "
                        + "to write; a job writes serving meta-tables (uv_serving) and tables it creates (CREATE TABLE "
                        + "IF NOT EXISTS) or that exist: ");
    }
}
