package io.rtw.cli;

import io.rtw.runtime.FlinkRest;
import io.rtw.runtime.Target;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code rtw jobs}: the jobs of a Flink cluster. */
@Command(name = "jobs", mixinStandardHelpOptions = true,
        description = "List, cancel, savepoint, stop and upgrade jobs on a Flink cluster.",
        subcommands = {JobsCommand.ListJobs.class, JobsCommand.Cancel.class, JobsCommand.Savepoint.class,
            JobsCommand.Stop.class, JobsUpgrade.class})
final class JobsCommand {

    /** Options naming the cluster. */
    static final class Cluster {
        @Option(names = "--target", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8081",
                description = "The cluster's REST address. Default: ${DEFAULT-VALUE} (rtw local up).")
        String target;

        FlinkRest rest() {
            try {
                Target t = Target.parse(target);
                if (t.host().isPresent()) {
                    return new FlinkRest(t.host().get(), t.port());
                }
            } catch (IllegalArgumentException e) {
                // Told below, without 'local', which a cluster command cannot take.
            }
            throw new UserException("--target must be HOST:PORT (a port from 1 to 65535), got '" + target + "'");
        }
    }

    /** How long a job has run, in its two largest units: {@code 45 s}, {@code 12 min 05 s}, {@code 2 d 04 h}. */
    static String duration(long millis) {
        long s = millis / 1000;
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%d d %02d h", s / 86_400, s % 86_400 / 3600);
    }

    /** A job id as Flink prints it: 32 hex digits. */
    static String jobId(String job) {
        if (!job.matches("[0-9a-f]{32}")) {
            throw new UserException("not a job id: '" + job + "' (32 hex digits, as rtw jobs list shows them)");
        }
        return job;
    }

    /** A savepoint directory the cluster reads the same way: a URI or an absolute path; empty for its default. */
    static Optional<String> savepointDir(String dir) {
        if (dir != null && !dir.startsWith("/") && !dir.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.+")) {
            throw new UserException("the savepoint directory must be a URI or an absolute path (file:///..., "
                    + "hdfs://..., s3://...), got '" + dir + "': the cluster would resolve it in its own working "
                    + "directory");
        }
        return Optional.ofNullable(dir);
    }

    /** {@code rtw jobs list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the cluster's jobs, newest first.",
            footer = {"", "Example:", "  rtw jobs list --target 127.0.0.1:8081"})
    static final class ListJobs implements Callable<Integer> {
        @Spec CommandSpec spec;
        @picocli.CommandLine.Mixin Cluster cluster;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            TextTable t = new TextTable("job id", "state", "started", "duration", "name");
            for (FlinkRest.Job j : cluster.rest().jobs()) {
                t.row(j.id(), j.state(), Instant.ofEpochMilli(j.startTime()).toString(),
                        duration(j.durationMillis()), j.name());
            }
            t.print(out);
            return 0;
        }
    }

    /** {@code rtw jobs cancel JOB}. */
    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancels a job (no savepoint).",
            footer = {"", "Example:", "  rtw jobs cancel 3f1c...e2"})
    static final class Cancel implements Callable<Integer> {
        @Spec CommandSpec spec;
        @picocli.CommandLine.Mixin Cluster cluster;
        @Parameters(paramLabel = "JOB", description = "Job id.") String job;

        @Override
        public Integer call() throws Exception {
            cluster.rest().cancel(jobId(job));
            spec.commandLine().getOut().println("cancelled " + job);
            return 0;
        }
    }

    /** {@code rtw jobs savepoint JOB [DIR]}. */
    @Command(name = "savepoint", mixinStandardHelpOptions = true,
            description = "Takes a savepoint of a running job and prints its path; the job keeps running.",
            footer = {"", "Examples:", "  rtw jobs savepoint 3f1c...e2 file:///tmp/savepoints",
                "  rtw jobs savepoint 3f1c...e2      # into the cluster's execution.checkpointing.savepoint-dir"})
    static final class Savepoint implements Callable<Integer> {
        @Spec CommandSpec spec;
        @picocli.CommandLine.Mixin Cluster cluster;
        @Parameters(index = "0", paramLabel = "JOB", description = "Job id.") String job;
        @Parameters(index = "1", arity = "0..1", paramLabel = "DIR", description = "Savepoint directory (file://, "
                + "hdfs://, s3://). Default: the cluster's execution.checkpointing.savepoint-dir (rtw local up sets "
                + "one under its work directory).")
        String dir;

        @Override
        public Integer call() throws Exception {
            spec.commandLine().getOut().println(cluster.rest().savepoint(jobId(job), savepointDir(dir), false,
                    Duration.ofMinutes(10)));
            return 0;
        }
    }

    /** {@code rtw jobs stop JOB [--savepoint DIR]}. */
    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stops a job with a savepoint (sources finish cleanly first) and prints the savepoint's "
                    + "path; resume it with rtw run --from-savepoint PATH.",
            footer = {"", "Examples:", "  rtw jobs stop 3f1c...e2 --savepoint file:///tmp/savepoints",
                "  rtw jobs stop 3f1c...e2      # into the cluster's execution.checkpointing.savepoint-dir"})
    static final class Stop implements Callable<Integer> {
        @Spec CommandSpec spec;
        @picocli.CommandLine.Mixin Cluster cluster;
        @Parameters(paramLabel = "JOB", description = "Job id.") String job;
        @Option(names = "--savepoint", paramLabel = "DIR", description = "Savepoint directory. Default: the "
                + "cluster's execution.checkpointing.savepoint-dir.")
        String dir;

        @Override
        public Integer call() throws Exception {
            spec.commandLine().getOut().println(cluster.rest().savepoint(jobId(job), savepointDir(dir), true,
                    Duration.ofMinutes(10)));
            return 0;
        }
    }
}
