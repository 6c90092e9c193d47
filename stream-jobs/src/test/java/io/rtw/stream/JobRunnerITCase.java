package io.rtw.stream;

import java.io.Writer;
import io.rtw.meta.job.JobCompiler;
import io.rtw.runtime.RunExtras;
import io.rtw.runtime.Target;
import io.rtw.runtime.RunOptions;
import io.rtw.runtime.JobRequest;
import io.rtw.meta.Mode;
import io.rtw.meta.Project;
import io.rtw.meta.Secrets;
import io.rtw.test.TestFlink;

import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.theta.SetOperation;
import org.apache.datasketches.theta.Union;
import org.apache.datasketches.theta.UpdateSketch;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same job file through the runner in both modes: stream over JSON lines (with malformed and late
 * records), which also archives every valid record into the batch table, then batch over that archive for
 * the day. Every per-minute row of both runs is checked against plain Java over the generated events:
 * PV and bitmap UV exact, HLL and Theta equal to the same sketch built directly over the expected ids.
 */
class JobRunnerITCase {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final LocalDate DAY = LocalDate.of(2026, 11, 21);
    private static final Path FIXTURE = Path.of("src/test/resources/both-modes");

    @TempDir static Path home;
    static Project project;
    static List<ExampleDay.Message> messages;
    static String progress;

    @BeforeAll
    static void runBothModes() throws Exception {
        messages = ExampleDay.generate(new ExampleDay.Spec(DAY, SHANGHAI, 3000, 400, 12, 25, 7L));
        Files.createDirectories(home.resolve("input"));
        Files.write(home.resolve("input/events.json"), messages.stream().map(ExampleDay.Message::json).toList());
        project = Project.load(FIXTURE, new Project.Options(Optional.empty(), Map.of(), Secrets.of(Map.of()), home));

        StringWriter out = new StringWriter();
        Secrets secrets = Secrets.of(Map.of());
        PrintWriter lines = new PrintWriter(out, true);
        Map<String, String> conf = Map.of("parallelism.default", "2");
        StreamRuns.run(spec(Mode.STREAM, conf), secrets, lines);
        StreamRuns.run(spec(Mode.BATCH, conf), secrets, lines);
        progress = out.toString();
    }

    private static JobRequest spec(Mode mode, Map<String, String> conf) {
        return new JobRequest(project, FIXTURE.resolve("jobs/uv.sql"), mode, Optional.of(DAY),
                new RunOptions(Target.local(), true, Optional.empty(), conf));
    }

    @Test
    void streamRowsEqualTheOracleOverOnTimeRecords() throws Exception {
        assertThat(rows("SELECT * FROM paimon.ads.uv_minute_stream"))
                .containsExactlyElementsOf(oracle(kind -> kind == ExampleDay.Kind.VALID));
    }

    @Test
    void batchRowsEqualTheOracleOverEveryArchivedRecordLateOnesIncluded() throws Exception {
        assertThat(rows("SELECT * FROM paimon.ads.uv_minute_batch"))
                .containsExactlyElementsOf(oracle(kind -> kind != ExampleDay.Kind.MALFORMED));
    }

    @Test
    void malformedAndLateRecordsAreCountedExactly() throws Exception {
        long malformed = messages.stream().filter(m -> m.kind() == ExampleDay.Kind.MALFORMED).count();
        long late = messages.stream().filter(m -> m.kind() == ExampleDay.Kind.LATE).count();
        assertThat(rows("SELECT COUNT(*) FROM paimon.ods.events_dead_letter")).containsExactly("+I[" + malformed + "]");
        assertThat(rows("SELECT COUNT(*) FROM paimon.ods.events_late")).containsExactly("+I[" + late + "]");
        assertThat(rows("SELECT COUNT(*) FROM paimon.ods.events WHERE dt = '" + DAY + "'"))
                .containsExactly("+I[" + (messages.size() - malformed) + "]");
        assertThat(progress).contains("compiled 1 meta-tables for stream mode, business day " + DAY)
                .contains("submitted job").contains("(4 inserts)").contains("(1 inserts)");
    }

    @Test
    void aStreamJobKeepsRestartingAndCheckpointingARunThatEndsGivesUpAndCommitsOnce() {
        JobRequest unbounded = new JobRequest(project, FIXTURE.resolve("jobs/uv.sql"), Mode.STREAM, Optional.of(DAY),
                new RunOptions(Target.local(), false, Optional.empty(), Map.of()));
        org.apache.flink.configuration.Configuration stream = configuration(unbounded);
        assertThat(stream.toMap()).containsEntry("restart-strategy.type", "exponential-delay")
                .containsEntry("restart-strategy.exponential-delay.max-backoff", "1 min")
                .doesNotContainKey("restart-strategy.exponential-delay.attempts-before-reset-backoff")
                .containsEntry("execution.checkpointing.interval", "10 s")
                .containsEntry("execution.checkpointing.mode", "EXACTLY_ONCE");
        for (Mode mode : Mode.values()) {
            assertThat(configuration(spec(mode, Map.of())).toMap()).as(mode.id())
                    .containsEntry("restart-strategy.type", "fixed-delay")
                    .containsEntry("restart-strategy.fixed-delay.attempts", "10")
                    .doesNotContainKey("execution.checkpointing.interval")
                    .containsEntry("pipeline.object-reuse", "true");
            assertThat(spec(mode, Map.of()).options().checkpointWarning(mode)).isEmpty();
            assertThat(spec(mode, Map.of("execution.checkpointing.interval", "2 s")).options().checkpointWarning(mode))
                    .hasValueSatisfying(w -> assertThat(w).startsWith("warning: checkpoints in a run that ends")
                            .contains("apache/paimon#9236"));
        }
        assertThat(new RunOptions(Target.local(), false, Optional.empty(), Map.of("execution.checkpointing.interval",
                "2 s")).checkpointWarning(Mode.STREAM)).isEmpty();
        assertThat(configuration(new JobRequest(project, FIXTURE.resolve("jobs/uv.sql"), Mode.STREAM, Optional.of(DAY),
                new RunOptions(Target.local(), false, Optional.empty(), Map.of("restart-strategy.type", "none"))))
                .toMap()).containsEntry("restart-strategy.type", "none");
    }

    /** The Flink configuration a run of {@code request} gets, with what a stream run adds. */
    private static org.apache.flink.configuration.Configuration configuration(JobRequest request) {
        return request.options().configuration(JobCompiler.create().tables(request.project(), request.mode(),
                request.bizdate(), request.options().boundedSources(request.mode())), "uv.sql",
                request.mode() == Mode.STREAM ? StreamRuns.extras(request.options(), new PrintWriter(Writer.nullWriter()))
                : RunExtras.NONE);
    }

    /** Expected rows: for every minute end from a key's first event, the cumulative PV and UVs of the day. */
    private static List<String> oracle(java.util.function.Predicate<ExampleDay.Kind> included) {
        long dayStart = DAY.atStartOfDay(SHANGHAI).toInstant().toEpochMilli();
        Map<String, List<ExampleDay.Message>> byKey = new TreeMap<>();
        messages.stream().filter(m -> included.test(m.kind())).forEach(m -> {
            byKey.computeIfAbsent(m.channel(), k -> new ArrayList<>()).add(m);
            byKey.computeIfAbsent("__all__", k -> new ArrayList<>()).add(m);
        });
        List<String> rows = new ArrayList<>();
        byKey.forEach((channel, events) -> {
            events.sort((a, b) -> Long.compare(a.ts(), b.ts()));
            long firstMinute = (events.get(0).ts() - dayStart) / 60_000;
            int i = 0;
            Set<Long> users = new HashSet<>();
            HllSketch hll = new HllSketch(12);
            UpdateSketch theta = UpdateSketch.builder().setNominalEntries(4096).build();
            long pv = 0;
            for (long minute = firstMinute; minute < 1440; minute++) {
                long end = dayStart + (minute + 1) * 60_000;
                while (i < events.size() && events.get(i).ts() < end) {
                    ExampleDay.Message m = events.get(i++);
                    users.add(m.userId());
                    hll.update(m.userId());
                    theta.update(m.userId());
                    pv++;
                }
                Union union = SetOperation.builder().setNominalEntries(4096).buildUnion();
                union.union(theta);
                rows.add(Row.of(DAY.toString(), channel, LocalDateTime.ofInstant(Instant.ofEpochMilli(end), SHANGHAI),
                        pv, (long) users.size(), hll.getCompositeEstimate(), union.getResult().getEstimate()).toString());
            }
        });
        rows.sort(null);
        return rows;
    }

    private static List<String> rows(String sql) throws Exception {
        return TestFlink.rows(TestFlink.warehouse(home.resolve("warehouse")), sql);
    }

}
