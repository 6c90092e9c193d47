package io.rtw.cli;

import io.rtw.meta.Identifiers;
import io.rtw.meta.Project;
import io.rtw.quality.Reconciliation;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code rtw reconcile}: compares two results of a metric for a day (stream vs batch, primary vs standby) and exits
 * 3 when they disagree beyond tolerance and late records.
 */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
        description = "Reconciles two results of a metric declared in quality/*.yaml, per key and window end: exact "
                + "measures must be equal, sketch estimates equal when their sketches are, else within k standard "
                + "errors; a difference the late records explain is 'late', a minute on one side only 'missing_left' "
                + "or 'missing_right'. Writes <catalog>.quality.reconcile_differences and an HTML report.",
        footer = {"", "Exit codes: 0 the results agree (late differences allowed), 1 user error, 2 internal error, "
                + "3 breach or missing minutes.", "",
            "Examples:",
            "  rtw reconcile --metric app_uv --bizdate 2026-11-21 --freeze stream   # after the stream day closes",
            "  rtw reconcile --metric app_uv --bizdate 2026-11-21                   # after the batch run",
            "  rtw reconcile --metric app_uv --bizdate 2026-11-21 --left stream --right batch --k 4",
            "  rtw reconcile --metric app_uv --bizdate 2026-11-21 --left-table paimon.ads.app_uv_minute "
                    + "--right-table paimon.ads_standby.app_uv_minute"})
final class ReconcileCommand implements Callable<Integer> {

    @Spec CommandSpec spec;
    @Mixin ProjectOptions project;

    @Option(names = "--metric", required = true, paramLabel = "NAME", description = "Metric in quality/*.yaml.")
    String metric;

    @Option(names = "--bizdate", required = true, paramLabel = "yyyy-MM-dd", description = "Business day.")
    LocalDate bizdate;

    @Option(names = "--left", paramLabel = "SIDE", description = "Left side. Default: the metric's compare pair.")
    String left;

    @Option(names = "--right", paramLabel = "SIDE", description = "Right side. Default: the metric's compare pair.")
    String right;

    @Option(names = "--left-table", paramLabel = "CATALOG.DB.TABLE",
            description = "Reads the left side from this table (primary/standby comparisons).")
    String leftTable;

    @Option(names = "--right-table", paramLabel = "CATALOG.DB.TABLE",
            description = "Reads the right side from this table (primary/standby comparisons).")
    String rightTable;

    @Option(names = "--k", paramLabel = "K",
            description = "Standard errors two sketch estimates from different ids may differ by. Default: the "
                    + "metric's tolerance-k.")
    Double k;

    @Option(names = "--report", paramLabel = "FILE",
            description = "HTML report path. Default: $RTW_HOME/reports/reconcile-METRIC-DAY-LEFT-vs-RIGHT.html.")
    Path report;

    @Option(names = "--no-write", description = "Does not write the differences table.")
    boolean noWrite;

    @Option(names = "--freeze", paramLabel = "SIDE",
            description = "Instead of comparing: tags the current snapshot of SIDE's table with SIDE's tag (e.g. "
                    + "stream-$${bizdate}), so the stream result of the day stays readable after the batch run.")
    String freeze;

    @Override
    public Integer call() {
        if (k != null && !(k > 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--k must be above 0, got " + k);
        }
        for (String[] table : new String[][] {{"--left-table", leftTable}, {"--right-table", rightTable}}) {
            if (table[1] != null && !isPath(table[1], 3, 3)) {
                throw new CommandLine.ParameterException(spec.commandLine(), table[0] + " must be CATALOG.DB.TABLE of "
                        + "plain identifiers (" + Identifiers.RULE + "), got '" + table[1] + "'");
            }
        }
        Project p = project.load();
        PrintWriter out = spec.commandLine().getOut();
        if (freeze != null) {
            Reconciliation.freeze(p, project.options().secrets(), metric, bizdate, freeze);
            out.println("tagged the current result of " + metric + " as side " + freeze + " for " + bizdate);
            out.flush();
            return 0;
        }
        Reconciliation r = Reconciliation.run(p, project.options().secrets(), new Reconciliation.Request(metric,
                bizdate, Optional.ofNullable(left), Optional.ofNullable(right), Optional.ofNullable(leftTable),
                Optional.ofNullable(rightTable), Optional.ofNullable(k), Optional.ofNullable(report), !noWrite));
        out.println(r.summary());
        out.flush();
        return r.breached() ? ExitCode.QUALITY_BREACH.code() : 0;
    }

    /** Whether {@code name} is {@code min} to {@code max} plain identifiers joined by dots. */
    static boolean isPath(String name, int min, int max) {
        String[] parts = name.split("\\.", -1);
        return parts.length >= min && parts.length <= max
                && Arrays.stream(parts).allMatch(part -> Identifiers.problem(part).isEmpty());
    }
}
