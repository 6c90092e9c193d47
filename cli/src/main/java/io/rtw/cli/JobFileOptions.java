package io.rtw.cli;

import io.rtw.meta.Mode;
import io.rtw.meta.Project;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/** The job file, mode and business day that rtw run, rtw sql render and rtw sql explain take (a picocli mixin). */
final class JobFileOptions {

    @Parameters(paramLabel = "FILE", description = "Job SQL file.")
    Path file;

    @Option(names = "--mode", required = true, paramLabel = "MODE", description = "stream or batch.")
    Mode mode;

    @Option(names = "--bizdate", paramLabel = "yyyy-MM-dd",
            description = "Business day for $${bizdate}. Default: today in the project's time zone (stream), "
                    + "required in batch.")
    LocalDate bizdate;

    /** The job file, refused when there is none at the path given. */
    Path file() {
        if (!Files.isRegularFile(file)) {
            throw new UserException("no such file: " + file);
        }
        return file;
    }

    /** {@code --bizdate}, else today in the project's time zone. */
    LocalDate dayOrToday(Project project) {
        return bizdate != null ? bizdate : LocalDate.now(project.timeZone());
    }

    /** Refuses {@code option}, when {@code given}, in batch mode: it is for stream runs only. */
    void streamOnly(String option, boolean given) {
        if (mode == Mode.BATCH && given) {
            throw new UserException(option + " is for stream runs: a batch run reads its day's tables from the start "
                    + "and ends by itself");
        }
    }
}
