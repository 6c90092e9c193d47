package io.rtw.runtime;

import io.rtw.meta.Mode;
import io.rtw.meta.Project;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;

/**
 * One job file to run, explain or check.
 *
 * @param project the warehouse
 * @param file the job's SQL file
 * @param mode stream or batch
 * @param bizdate the business day, for {@code ${bizdate}} and day-partitioned batch sources
 * @param options where and how it runs
 */
public record JobRequest(Project project, Path file, Mode mode, Optional<LocalDate> bizdate, RunOptions options) {

    /** The same request for another day. */
    public JobRequest on(LocalDate day) {
        return new JobRequest(project, file, mode, Optional.of(day), options);
    }
}
