package io.rtw.batch;

import io.rtw.meta.Mode;
import io.rtw.meta.Secrets;
import io.rtw.runtime.JobException;
import io.rtw.runtime.JobRequest;
import io.rtw.runtime.JobSubmitter;
import io.rtw.runtime.RunOptions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the runner refuses before submitting anything, on the example warehouse. */
class RunnerChecksTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 1);
    /** A job whose precondition (line 3) counts the day's events: no BOOLEAN. */
    private static final String COUNT_REQUIRED = """
            CREATE TEMPORARY TABLE counted (n BIGINT) WITH ('connector' = 'blackhole');
            --#require the day's events are archived
            SELECT COUNT(*) FROM app_events;

            INSERT INTO counted SELECT COUNT(*) FROM app_events;
            """;

    @TempDir Path home;

    @Test
    void aBatchDaysPreconditionThatReturnsNoBooleanIsRefusedAtItsPlace() throws Exception {
        TestWarehouse w = new TestWarehouse(home, Map.of());
        Path job = Files.writeString(home.resolve("count.sql"), COUNT_REQUIRED);
        StringWriter progress = new StringWriter();

        assertThatThrownBy(() -> BatchDay.run(new JobRequest(w.project, job, Mode.BATCH, Optional.of(DAY),
                RunOptions.local(Map.of())), Secrets.of(Map.of()), new PrintWriter(progress, true)))
                .isInstanceOf(JobException.class)
                .hasMessage(job + ":3:1: a --#require query must return one BOOLEAN column (TRUE lets a batch run go "
                        + "on); this one returns (EXPR$0 BIGINT NOT NULL)");
        assertThat(progress.toString()).doesNotContain("submitted");
    }

    @Test
    void theRuntimeAloneRefusesABatchJobWithPreconditionsRatherThanSkipThem() throws Exception {
        TestWarehouse w = new TestWarehouse(home, Map.of());
        Path job = Files.writeString(home.resolve("count.sql"), COUNT_REQUIRED);
        StringWriter progress = new StringWriter();

        assertThatThrownBy(() -> new JobSubmitter(Secrets.of(Map.of()), new PrintWriter(progress, true))
                .run(new JobRequest(w.project, job, Mode.BATCH, Optional.of(DAY), RunOptions.local(Map.of()))))
                .isInstanceOf(JobException.class)
                .hasMessage(job + ": a batch job with --#require preconditions runs as a batch day, which checks them "
                        + "(rtw run --mode batch); nothing was submitted");
        assertThat(progress.toString()).doesNotContain("submitted");
    }

    @Test
    void aBatchDayRunsBatchJobsOnly() {
        TestWarehouse w = new TestWarehouse(home, Map.of());
        assertThatThrownBy(() -> BatchDay.run(w.spec(Mode.STREAM, DAY, Map.of()), Secrets.of(Map.of()),
                new PrintWriter(new StringWriter()))).isInstanceOf(JobException.class)
                .hasMessage("a batch day runs batch jobs; use --mode batch");
    }

    @Test
    void twoInsertsIntoARateLimitedServingTableAreRefused() throws Exception {
        TestWarehouse w = new TestWarehouse(home, Map.of());
        Path job = Files.writeString(home.resolve("two.sql"), """
                INSERT INTO uv_serving SELECT 'a', 'c', '2026-11-01', CAST(NULL AS TIMESTAMP(3)), 1, 1, 1.0,
                  CAST(NULL AS BYTES), CAST(NULL AS BYTES);
                INSERT INTO uv_serving SELECT 'b', 'c', '2026-11-01', CAST(NULL AS TIMESTAMP(3)), 1, 1, 1.0,
                  CAST(NULL AS BYTES), CAST(NULL AS BYTES);
                """);
        StringWriter progress = new StringWriter();
        assertThatThrownBy(() -> TestWarehouse.run(progress, new JobRequest(w.project, job, Mode.BATCH,
                Optional.of(DAY), RunOptions.local(Map.of()))))
                .isInstanceOf(JobException.class)
                .hasMessageEndingWith("2 INSERTs write uv_serving, whose sink.rate-limit applies per INSERT, so the "
                        + "store would take up to 2 times the limit; write one INSERT with UNION ALL");
        assertThat(progress.toString()).doesNotContain("submitted");
    }
}
