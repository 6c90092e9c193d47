package io.rtw.cli;

import io.rtw.meta.Identifiers;
import io.rtw.meta.Project;
import io.rtw.quality.QualityCheck;
import io.rtw.quality.QualitySql;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code rtw quality check|sql}: evaluates the DQC rules of quality/*.yaml on result tables, or prints their stream
 * form.
 */
@Command(name = "quality", mixinStandardHelpOptions = true,
        description = "Data quality rules (quality/*.yaml): drop_to_zero, change, threshold, null_ratio, freshness.",
        subcommands = {QualityCommand.Check.class, QualityCommand.Sql.class})
final class QualityCommand {

    /** {@code rtw quality check}. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Evaluates the rules on the result tables for a day: writes <catalog>.quality.dqc_breaches "
                    + "and dqc_alerts, logs each alert, prints a summary and writes an HTML report.",
            footer = {"", "Exit codes: 0 no error alert (warnings allowed), 1 user error, 2 internal error, 3 an "
                    + "error-severity alert fired.", "", "Examples:",
                "  rtw quality check --bizdate 2026-11-21",
                "  rtw quality check --metric app_uv --bizdate 2026-11-21 --side stream"})
    static final class Check implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ProjectOptions project;

        @Option(names = "--bizdate", required = true, paramLabel = "yyyy-MM-dd", description = "Business day.")
        LocalDate bizdate;

        @Option(names = "--metric", paramLabel = "NAME", description = "Only this metric. Default: every metric.")
        String metric;

        @Option(names = "--side", paramLabel = "SIDE",
                description = "Checks this side's result. Default: the metric's table as it is now.")
        String side;

        @Option(names = "--now", paramLabel = "yyyy-MM-ddTHH:mm",
                description = "The time freshness is judged at, in the project's zone. Default: now.")
        LocalDateTime now;

        @Option(names = "--report", paramLabel = "FILE",
                description = "HTML report path. Default: $RTW_HOME/reports/quality-METRIC-DAY.html.")
        Path report;

        @Option(names = "--no-write", description = "Does not write the breaches and alerts tables.")
        boolean noWrite;

        @Override
        public Integer call() {
            Project p = project.load();
            QualityCheck q = QualityCheck.run(p, project.options().secrets(), new QualityCheck.Request(
                    Optional.ofNullable(metric), bizdate, Optional.ofNullable(side), Optional.ofNullable(now),
                    Optional.ofNullable(report), !noWrite));
            PrintWriter out = spec.commandLine().getOut();
            out.println(q.summary());
            out.flush();
            return q.failed() ? ExitCode.QUALITY_BREACH.code() : 0;
        }
    }

    /** {@code rtw quality sql}. */
    @Command(name = "sql", mixinStandardHelpOptions = true,
            description = "Prints the stream form of a metric's rules: SQL to add to the stream job, writing "
                    + "<catalog>.quality.dqc_stream_alerts as rows arrive (threshold and drop_to_zero rules).",
            footer = {"", "Example:", "  rtw quality sql --metric app_uv --source uv_result >> my_job.sql"})
    static final class Sql implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ProjectOptions project;

        @Option(names = "--metric", required = true, paramLabel = "NAME", description = "Metric in quality/*.yaml.")
        String metric;

        @Option(names = "--source", paramLabel = "VIEW",
                description = "The view or table of the job with the metric's rows. Default: the metric's table.")
        String source;

        @Override
        public Integer call() {
            if (source != null && !ReconcileCommand.isPath(source, 1, 3)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--source must be VIEW or CATALOG.DB.TABLE "
                        + "of plain identifiers (" + Identifiers.RULE + "), got '" + source + "'");
            }
            PrintWriter out = spec.commandLine().getOut();
            QualitySql.statements(project.load(), project.options().secrets(), metric, Optional.ofNullable(source))
                    .forEach(s -> out.println(s + ";\n"));
            out.flush();
            return 0;
        }
    }
}
