package io.rtw.cli;

import io.rtw.batch.Backfill;
import io.rtw.batch.BatchDay;
import io.rtw.meta.Mode;
import io.rtw.meta.Project;
import io.rtw.runtime.JobRequest;
import io.rtw.runtime.RunOptions;
import io.rtw.runtime.Target;
import io.rtw.stream.StreamRuns;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code rtw run FILE --mode stream|batch}: runs a job of the SQL codebase. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs a job SQL file in a mode: compiles the meta-tables, registers the rtw functions, "
                + "runs the DDL and submits every INSERT as one job (exactly-once: a stream job checkpoints, a batch "
                + "day or --bounded replay commits once at its end).",
        footer = {"", "Examples:", "  rtw run sql/jobs/app_uv.sql --mode stream --bizdate 2026-11-21 --bounded",
            "  rtw run sql/jobs/app_uv.sql --mode stream --target 127.0.0.1:8081",
            "  rtw run sql/jobs/app_uv.sql --mode batch --bizdate 2026-11-21",
            "  rtw run sql/jobs/app_uv.sql --mode batch --from 2026-11-01 --to 2026-11-21   (a backfill, day by day)"})
final class RunCommand implements Callable<Integer> {

    @Spec CommandSpec spec;
    @Mixin ProjectOptions project;
    @Mixin JobFileOptions job;

    @Option(names = "--from", paramLabel = "yyyy-MM-dd", description = "Batch backfill: first day. Days run in "
            + "order, each after the one before (cumulatives depend on the previous day); the first failure stops "
            + "the backfill and names the day to resume from.")
    LocalDate from;

    @Option(names = "--to", paramLabel = "yyyy-MM-dd", description = "Batch backfill: last day, included.")
    LocalDate to;

    @Option(names = "--target", paramLabel = "local|HOST:PORT|cluster", defaultValue = "local",
            description = "Where to run: a MiniCluster in this process, a Flink cluster's REST address, or the "
                    + "cluster this runs in (a job artifact's entry in the JobManager, see rtw package). "
                    + "Default: ${DEFAULT-VALUE}.")
    String target;

    @Option(names = "--bounded", description = "Stream sources stop at what exists when the job starts, so a "
            + "day can be replayed and the job finishes. It takes no checkpoints: its tables are committed once at "
            + "the end, and a failure starts it over.")
    boolean bounded;

    @Option(names = "--from-savepoint", paramLabel = "PATH", description = "Start from this savepoint or retained "
            + "checkpoint.")
    String savepoint;

    @Option(names = "-D", paramLabel = "KEY=VALUE", description = "Flink configuration, e.g. -D "
            + "state.backend.type=rocksdb -D parallelism.default=4. Repeatable.")
    Map<String, String> conf = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        Path file = job.file();
        Project p = project.load();
        if ((from == null) != (to == null)) {
            throw new UserException("a backfill needs both --from and --to");
        }
        if (from != null && (job.mode != Mode.BATCH || job.bizdate != null)) {
            throw new UserException("--from/--to run a batch backfill: use them with --mode batch and without --bizdate");
        }
        job.streamOnly("--bounded", bounded);
        job.streamOnly("--from-savepoint", savepoint != null);
        if (job.mode == Mode.BATCH && job.bizdate == null && from == null) {
            throw new UserException("batch runs need --bizdate yyyy-MM-dd (or --from and --to for a backfill)");
        }
        LocalDate day = job.dayOrToday(p);
        Target t;
        try {
            t = Target.parse(target);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        RunOptions options = new RunOptions(t, bounded, Optional.ofNullable(savepoint), conf);
        JobRequest run = new JobRequest(p, file, job.mode, Optional.of(day), options);
        if (from != null) {
            new Backfill(project.options().secrets(), spec.commandLine().getErr()).run(run, from, to);
        } else if (job.mode == Mode.BATCH) {
            BatchDay.run(run, project.options().secrets(), spec.commandLine().getErr());
        } else {
            StreamRuns.run(run, project.options().secrets(), spec.commandLine().getErr()).savepoint().ifPresent(path -> spec.commandLine().getErr().println("resume with: "
                    + resumeCommand(spec.commandLine().getParseResult().originalArgs(), path)));
        }
        return 0;
    }

    /**
     * The command that resumes from {@code savepoint}: this run's own arguments (its project, variables, options),
     * with {@code --from-savepoint} set to it, quoted for a POSIX shell where needed.
     */
    static String resumeCommand(List<String> args, String savepoint) {
        List<String> out = new ArrayList<>(List.of("rtw", "run"));
        for (int i = args.indexOf("run") == 0 ? 1 : 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--from-savepoint")) {
                i++;
            } else if (!a.startsWith("--from-savepoint=")) {
                out.add(a);
            }
        }
        out.add("--from-savepoint");
        out.add(savepoint);
        return out.stream().map(a -> a.matches("[A-Za-z0-9_./:=,@%+-]+") ? a : "'" + a.replace("'", "'\\''") + "'")
                .collect(Collectors.joining(" "));
    }
}
