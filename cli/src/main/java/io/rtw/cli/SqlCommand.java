package io.rtw.cli;

import io.rtw.meta.Mode;
import io.rtw.meta.Project;
import io.rtw.meta.sql.SqlTemplate;
import io.rtw.quality.ProjectOptions;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code rtw sql}: work with the SQL codebase. */
@Command(name = "sql", mixinStandardHelpOptions = true, description = "Work with job SQL files.", subcommands = SqlCommand.Render.class)
final class SqlCommand {

    /** {@code rtw sql render FILE --mode … --bizdate … --var k=v}. */
    @Command(name = "render", mixinStandardHelpOptions = true,
            description = "Renders a job SQL file for a mode: variables, date arithmetic, $${virtual:t.c} and "
                    + "--#if blocks resolved, one statement after another. Secrets stay as $${env:NAME}.",
            footer = {"", "Example:", "  rtw sql render sql/jobs/app_uv.sql --mode batch --bizdate 2026-11-21"})
    static final class Render implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ProjectOptions project;

        @Parameters(paramLabel = "FILE", description = "SQL file.")
        Path file;

        @Option(names = "--mode", required = true, paramLabel = "MODE", description = "stream or batch.")
        Mode mode;

        @Option(names = "--bizdate", paramLabel = "yyyy-MM-dd", description = "Business day for $${bizdate}. Default: "
                + "today in the project's time zone (stream), as rtw run takes it; required in batch.")
        LocalDate bizdate;

        @Override
        public Integer call() {
            if (!Files.isRegularFile(file)) {
                throw new UserException("no such file: " + file);
            }
            Project p = project.load();
            Optional<LocalDate> day = bizdate != null || mode == Mode.BATCH ? Optional.ofNullable(bizdate)
                    : Optional.of(LocalDate.now(p.timeZone()));
            SqlTemplate.Context ctx = new SqlTemplate.Context(mode, day, p.variables(), p.tables());
            spec.commandLine().getOut().print(SqlTemplate.render(file, ctx));
            return 0;
        }
    }
}
