package io.rtw.cli;

import io.rtw.meta.Mode;
import io.rtw.meta.Project;
import io.rtw.meta.sql.SqlTemplate;
import io.rtw.runtime.JobRequest;
import io.rtw.runtime.RunOptions;
import io.rtw.runtime.Target;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code rtw sql}: work with the SQL codebase. */
@Command(name = "sql", mixinStandardHelpOptions = true, description = "Work with job SQL files.", subcommands = {SqlCommand.Render.class, SqlCommand.Explain.class})
final class SqlCommand {

    /** {@code rtw sql render FILE --mode … --bizdate … --var k=v}. */
    @Command(name = "render", mixinStandardHelpOptions = true,
            description = "Renders a job SQL file for a mode: variables, date arithmetic, $${virtual:t.c} and "
                    + "--#if blocks resolved, one statement after another. Secrets stay as $${env:NAME}.",
            footer = {"", "Example:", "  rtw sql render sql/jobs/app_uv.sql --mode batch --bizdate 2026-11-21"})
    static final class Render implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ProjectOptions project;
        @Mixin JobFileOptions job;

        @Override
        public Integer call() {
            Path file = job.file();
            Project p = project.load();
            Optional<LocalDate> day = job.mode == Mode.BATCH ? Optional.ofNullable(job.bizdate)
                    : Optional.of(job.dayOrToday(p));
            SqlTemplate.Context ctx = new SqlTemplate.Context(job.mode, day, p.variables(), p.tables());
            spec.commandLine().getOut().print(SqlTemplate.render(file, ctx));
            return 0;
        }
    }

    /** {@code rtw sql explain FILE --mode …}: the plan of the job {@code rtw run} would submit. */
    @Command(name = "explain", mixinStandardHelpOptions = true,
            description = "Prints the plan of the job rtw run would submit for a job SQL file, to check a change "
                    + "before running it: a summary (the tables it reads, looks up and writes, how many "
                    + "aggregations it runs, the planner's advice), then Flink's optimized execution plan of all "
                    + "its inserts as one job. Runs the file's DDL as rtw run does (tables created if missing); "
                    + "submits nothing, contacts no Kafka or serving store and checks no precondition.",
            footer = {"", "Examples:", "  rtw sql explain sql/jobs/app_uv.sql --mode stream",
                "  rtw sql explain sql/jobs/app_uv.sql --mode batch --bizdate 2026-11-21 --full"})
    static final class Explain implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ProjectOptions project;
        @Mixin JobFileOptions job;

        @Option(names = "--bounded", description = "Plan a bounded stream replay (rtw run --bounded).")
        boolean bounded;

        @Option(names = "--full", description = "Flink's whole EXPLAIN: the syntax tree and the physical plan with "
                + "the planner's advice before the execution plan.")
        boolean full;

        @Option(names = "-D", paramLabel = "KEY=VALUE", description = "Flink configuration as for rtw run, e.g. -D "
                + "table.optimizer.agg-phase-strategy=ONE_PHASE. Repeatable.")
        Map<String, String> conf = new LinkedHashMap<>();

        @Override
        public Integer call() {
            Path file = job.file();
            job.streamOnly("--bounded", bounded);
            if (job.mode == Mode.BATCH && job.bizdate == null) {
                throw new UserException("batch runs need --bizdate yyyy-MM-dd");
            }
            Project p = project.load();
            JobRequest plan = new JobRequest(p, file, job.mode, Optional.of(job.dayOrToday(p)),
                    new RunOptions(Target.local(), bounded, Optional.empty(), conf));
            spec.commandLine().getOut().print(new io.rtw.runtime.Explain(project.options().secrets())
                    .explain(plan, full));
            return 0;
        }
    }
}
