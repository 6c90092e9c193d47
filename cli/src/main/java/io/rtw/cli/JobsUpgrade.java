package io.rtw.cli;

import io.rtw.meta.Mode;
import io.rtw.meta.Project;
import io.rtw.runtime.FlinkRest;
import io.rtw.runtime.JobOperators;
import io.rtw.runtime.JobRequest;
import io.rtw.runtime.JobSubmitter;
import io.rtw.runtime.RunExtras;
import io.rtw.runtime.RunOptions;
import io.rtw.runtime.StateMapping;
import io.rtw.runtime.Target;
import io.rtw.stream.StreamRuns;

import org.apache.flink.configuration.StateRecoveryOptions;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code rtw jobs upgrade JOB --file NEW.sql}: replaces a running stream job by a new version of its file, which
 * starts from the old one's savepoint; checked before anything stops, so a refused upgrade leaves the old job running.
 */
@Command(name = "upgrade", mixinStandardHelpOptions = true,
        description = {"Upgrades a running stream job to a new version of its job file, keeping its state: plans the "
                + "new version (its tables checked against their declarations), takes a savepoint of the running job "
                + "without stopping it and checks that every operator with state in it exists in the new version "
                + "(the operators' uids are the planner's, see docs/deploy.md); only then stops the job with a "
                + "savepoint and starts the new version from it.",
            "A new version that would drop an operator's state is refused, naming the operators, and the old job "
                + "keeps running; --allow-non-restored-state starts it anyway without that state. So is a new version that "
                + "keeps an operator's id for another operation (its description changed), which Flink would restore "
                + "the old state into; --allow-changed-state starts it anyway."},
        footer = {"", "Examples:",
            "  rtw jobs upgrade 3f1c...e2 --file sql/jobs/app_uv.sql --target 127.0.0.1:8081",
            "  rtw jobs upgrade 3f1c...e2 --file sql/jobs/app_uv.sql --allow-non-restored-state"})
final class JobsUpgrade implements Callable<Integer> {

    /** How long each savepoint may take. */
    private static final Duration SAVEPOINT_TIMEOUT = Duration.ofMinutes(10);

    @Spec CommandSpec spec;
    @Mixin JobsCommand.Cluster cluster;
    @Mixin ProjectOptions project;

    @Parameters(paramLabel = "JOB", description = "The running job's id (rtw jobs list).")
    String job;

    @Option(names = "--file", required = true, paramLabel = "FILE", description = "The new version's job SQL file.")
    Path file;

    @Option(names = "--bizdate", paramLabel = "yyyy-MM-dd",
            description = "Business day for $${bizdate}. Default: today in the project's time zone.")
    LocalDate bizdate;

    @Option(names = "--savepoint", paramLabel = "DIR", description = "Savepoint directory. Default: the cluster's "
            + "execution.checkpointing.savepoint-dir.")
    String dir;

    @Option(names = "--allow-non-restored-state", description = "Start the new version even when it lacks operators "
            + "with state in the savepoint: their state is dropped (Flink's execution.savepoint.ignore-unclaimed-state).")
    boolean allowNonRestoredState;

    @Option(names = "--allow-changed-state", description = "Start the new version even when it keeps the id of an "
            + "operator with state for another operation: Flink restores the state into it as it is (it fails the job "
            + "when the state no longer fits, and may compute on with it when it does).")
    boolean allowChangedState;

    @Option(names = "-D", paramLabel = "KEY=VALUE", description = "Flink configuration of the new version, as for "
            + "rtw run. Repeatable.")
    Map<String, String> conf = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        String id = JobsCommand.jobId(job);
        Optional<String> directory = JobsCommand.savepointDir(dir);
        if (!Files.isRegularFile(file)) {
            throw new UserException("no such file: " + file);
        }
        FlinkRest rest = cluster.rest();
        String state = rest.state(id);
        if (!state.equals("RUNNING")) {
            throw new UserException("job " + id + " is " + state + ", not RUNNING: only a running job is upgraded "
                    + "(rtw run --from-savepoint starts a new version from a savepoint you have)");
        }
        Project p = project.load();
        PrintWriter err = spec.commandLine().getErr();
        Target target = Target.parse(cluster.target);
        LocalDate day = bizdate != null ? bizdate : LocalDate.now(p.timeZone());
        JobRequest check = new JobRequest(p, file, Mode.STREAM, Optional.of(day),
                new RunOptions(target, false, Optional.empty(), conf));
        RunExtras extras = StreamRuns.extras(check.options(), err);
        List<JobOperators.Operator> planned = new JobSubmitter(project.options().secrets(), err)
                .operators(check, extras);

        StateMapping mapping = check(rest, id, directory, planned, err);
        String savepoint = rest.savepoint(id, directory, true, SAVEPOINT_TIMEOUT);
        err.println("stopped job " + id + " with a savepoint: " + savepoint);

        Map<String, String> upgraded = new LinkedHashMap<>(conf);
        if (allowNonRestoredState) {
            upgraded.putIfAbsent(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE.key(), "true");
        }
        JobRequest run = new JobRequest(p, file, Mode.STREAM, Optional.of(day),
                new RunOptions(target, false, Optional.of(savepoint), upgraded));
        JobSubmitter.Outcome outcome;
        try {
            outcome = StreamRuns.run(run, project.options().secrets(), err);
        } catch (RuntimeException e) {
            // The old job is stopped; its savepoint is where either version starts from.
            err.println("the new version did not start; job " + id + " stopped with the savepoint " + savepoint
                    + ": start the previous version from it with rtw run OLD.sql --mode stream --target "
                    + cluster.target + " --from-savepoint " + savepoint);
            throw e;
        }
        spec.commandLine().getOut().println(outcome.jobId().orElseThrow());
        err.println("upgraded job " + id + " to job " + outcome.jobId().orElseThrow() + " ("
                + (mapping.restored().size() + mapping.changed().size())
                + " operators' state restored from " + savepoint + ")");
        return 0;
    }

    /**
     * Maps the state of a savepoint of the running job, taken without stopping it, onto the new version's operators;
     * refuses, naming the operators, what would drop state or restore it into another operation, unless allowed.
     */
    private StateMapping check(FlinkRest rest, String id, Optional<String> directory,
            List<JobOperators.Operator> planned, PrintWriter err) throws IOException, InterruptedException {
        String checkpoint = rest.savepoint(id, directory, false, SAVEPOINT_TIMEOUT);
        err.println("took a savepoint of job " + id + " to check the new version against: " + checkpoint);
        Map<String, String> described = rest.vertexDescriptions(id);
        List<StateMapping.Saved> saved;
        try {
            saved = StateMapping.saved(checkpoint, described);
        } catch (IOException e) {
            throw new UserException("could not read the savepoint " + checkpoint + " to check the new version against "
                    + "(this machine reads it with its own Flink file systems): " + e.getMessage() + "; nothing was "
                    + "stopped: job " + id + " keeps running");
        }
        StateMapping mapping = StateMapping.of(saved, planned, described);
        int stateful = mapping.restored().size() + mapping.changed().size() + mapping.dropped().size();
        String refused = "";
        if (!mapping.changed().isEmpty()) {
            String what = "the new version " + file + " keeps the ids of " + mapping.changed().size() + " of the "
                    + stateful + " operators with state in job " + id + " for another operation, and Flink would "
                    + "restore their state into it:\n" + mapping.changedText();
            if (!allowChangedState) {
                refused = what + "\n";
            } else {
                err.println("warning: " + what + "\ntheir state is restored as it is (--allow-changed-state)");
            }
        }
        if (!mapping.dropped().isEmpty()) {
            String what = "the new version " + file + " lacks " + mapping.dropped().size() + " of the " + stateful
                    + " operators with state in job " + id + ", whose state would be dropped:\n"
                    + mapping.droppedText();
            if (!allowNonRestoredState) {
                refused += what + "\n";
            } else {
                err.println("warning: " + what + "\ntheir state is dropped (--allow-non-restored-state)");
            }
        }
        if (!refused.isEmpty()) {
            throw new UserException(refused + "Nothing was stopped: job " + id + " keeps running. Operators' ids "
                    + "follow their place in the plan (docs/deploy.md, Upgrades); --allow-non-restored-state "
                    + "and --allow-changed-state upgrade anyway.");
        }
        return mapping;
    }
}
