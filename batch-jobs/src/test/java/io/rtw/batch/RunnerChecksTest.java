package io.rtw.batch;

import io.rtw.runtime.JobException;
import io.rtw.runtime.RunOptions;
import io.rtw.runtime.JobRequest;
import io.rtw.meta.Mode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @TempDir Path home;

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
                Optional.of(LocalDate.of(2026, 11, 1)), RunOptions.local(Map.of()))))
                .isInstanceOf(JobException.class)
                .hasMessageEndingWith("2 INSERTs write uv_serving, whose sink.rate-limit applies per INSERT, so the "
                        + "store would take up to 2 times the limit; write one INSERT with UNION ALL");
        assertThat(progress.toString()).doesNotContain("submitted");
    }
}
