package io.rtw.runtime;

import io.rtw.meta.Mode;
import io.rtw.meta.Problem;
import io.rtw.meta.Project;
import io.rtw.meta.Secrets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link JobCheck#check} over the example warehouse with no server running: the example job plans in both modes and
 * leaves nothing behind, and a refusal that echoes a statement's options shows a secret as its reference.
 */
class JobCheckTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 21);

    @TempDir Path home;

    private Project example() {
        return Project.load(Path.of("../sql"), new Project.Options(Optional.empty(),
                Map.of("warehouse", "file://" + home.resolve("warehouse")), Secrets.of(Map.of()), home));
    }

    private JobCheck.Checked check(Path file, Mode mode, Secrets secrets) {
        return new JobCheck(secrets).check(new JobRequest(example(), file, mode, Optional.of(DAY),
                RunOptions.local(Map.of())), List.of());
    }

    @Test
    void theExampleJobPlansInBothModesAndNothingIsCreated() throws IOException {
        for (Mode mode : Mode.values()) {
            JobCheck.Checked checked = check(Path.of("../sql/jobs/app_uv.sql"), mode, Secrets.of(Map.of()));
            assertThat(checked.problems()).as(mode.id()).isEmpty();
            assertThat(checked.summary()).matches("\\d+ inserts?, \\d+ views?, \\d+ preconditions?");
        }
        try (Stream<Path> left = Files.list(home)) {
            assertThat(left).as("nothing in the project's home, where its warehouse is").isEmpty();
        }
    }

    @Test
    void aRefusalThatEchoesTheOptionsShowsTheSecretAsItsReference() throws IOException {
        Path job = Files.writeString(Files.createDirectories(home.resolve("jobs")).resolve("leak.sql"), """
                CREATE TEMPORARY TABLE leak (channel STRING) WITH (
                  'connector' = 'kafka',
                  'properties.bootstrap.servers' = '${env:RTW_CHECK_TOKEN}',
                  'format' = 'json'
                );

                INSERT INTO leak SELECT channel FROM app_events;
                """);

        Secrets secrets = Secrets.of(Map.of("RTW_CHECK_TOKEN", "s3cr3t-token"));
        List<Problem> problems = check(job, Mode.STREAM, secrets).problems();

        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).toString()).startsWith(job + ":7:1: ")
                .contains("'properties.bootstrap.servers'='${env:RTW_CHECK_TOKEN}'").doesNotContain("s3cr3t-token");
        // rtw sql explain (and rtw run) refuse the job with the same words
        assertThatThrownBy(() -> new Explain(secrets).explain(new JobRequest(example(), job, Mode.STREAM,
                Optional.of(DAY), RunOptions.local(Map.of())), false)).isInstanceOf(JobException.class)
                .hasMessage(problems.get(0).toString());
    }
}
