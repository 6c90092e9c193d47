package io.rtw.runtime;

import io.rtw.meta.Causes;
import io.rtw.meta.Mode;
import io.rtw.meta.Problem;
import io.rtw.meta.Secrets;
import io.rtw.meta.job.CompiledJob;
import io.rtw.meta.job.JobCompiler;
import io.rtw.meta.job.JobFile;
import io.rtw.meta.job.JobStatement;

import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.TableResult;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Runs job files: each is read, its servers checked, compiled once (its statements read by Flink's parser against
 * stand-ins), and only then run: the compiled meta-tables and the file's definitions, then what its kind of run checks
 * ({@link RunExtras#beforeInserts}: a batch day's preconditions), then all its inserts as one job, on a local
 * MiniCluster or a Flink cluster; it waits for a job that ends and for any local job, watching it. A mistake anywhere
 * in the file stops the run before anything is created or submitted. Messages that could echo a secret are masked.
 */
public final class JobSubmitter {

    private final Secrets secrets;
    private final PrintWriter progress;

    /** A submitter that resolves secrets from {@code secrets} and reports progress lines to {@code progress}. */
    public JobSubmitter(Secrets secrets, PrintWriter progress) {
        this.secrets = secrets;
        this.progress = progress;
    }

    /**
     * What a run did: the job id when one was submitted, how long it took, whether it waited for the job's end, and
     * the savepoint a local stream job was stopped with (Ctrl-C), to resume from.
     */
    public record Outcome(Optional<String> jobId, Duration elapsed, boolean finished, Optional<String> savepoint) {}

    /** Runs the job of {@code request}, a run that adds nothing of its own (nor checks preconditions). */
    public Outcome run(JobRequest request) {
        return run(request, RunExtras.NONE);
    }

    /** Runs the job of {@code request} with what its kind of run adds. */
    public Outcome run(JobRequest request, RunExtras extras) {
        long start = System.nanoTime();
        return run(compile(request, extras), request.options(), extras, start);
    }

    /**
     * The job a run of {@code request} submits: its file read and compiled once, refused with every mistake found;
     * then its servers checked (a local run stops when one does not answer) and its sources fixed by {@code extras}.
     */
    public CompiledJob compile(JobRequest request, RunExtras extras) {
        if (request.options().target().isLocal()) {
            request.options().savepoint().ifPresent(JobSubmitter::checkSavepoint);
        }
        JobCompiler compiler = JobCompiler.create();
        CompiledJob job = compile(request, read(request), compiler);
        List<String> problems = ServerCheck.problems(job.bindings(), compiler.kinds(), secrets, ServerCheck.TIMEOUT);
        ServerCheck.warnings(request.file(), request.options().target().isLocal(), problems)
                .forEach(progress::println);
        return job.withSourceOptions(extras.fixSources(request.project(), compiler.kinds(), secrets));
    }

    /** The job file of {@code request} taken apart, refused with every mistake its text shows. */
    JobFile read(JobRequest request) {
        JobFile file = JobFile.read(request.project(), request.file(), request.mode(), request.bizdate(), secrets);
        if (!file.problems().isEmpty()) {
            throw new JobException(file.problems().stream().map(Problem::toString).collect(Collectors.joining("\n")));
        }
        return file;
    }

    /**
     * Compiles {@code file} by {@code compiler}, its statements read against stand-ins; refused with every mistake
     * found.
     */
    CompiledJob compile(JobRequest request, JobFile file, JobCompiler compiler) {
        CompiledJob job = new PlanOnlySession(request.options(), secrets,
                PlanOnlySession.siblings(request.project(), request.file())).compile(compiler, request, file);
        if (!job.problems().isEmpty()) {
            throw new JobException(secrets.mask(job.referenced(), job.problems().stream().map(Problem::toString)
                    .collect(Collectors.joining("\n"))));
        }
        return job;
    }

    /**
     * Runs a compiled job: the meta-tables and the file's definitions, what {@code extras} checks then (a batch day's
     * preconditions), then every insert as one job; waits for a job that ends, and for a local one until it is stopped.
     *
     * @param start when the run started ({@link System#nanoTime()}), for the time it took
     */
    public Outcome run(CompiledJob job, RunOptions options, RunExtras extras, long start) {
        Mode mode = job.file().mode();
        options.checkpointWarning(mode).ifPresent(progress::println);
        WarehouseSession session = WarehouseSession.forRun(job, options, extras, secrets);
        extras.describe().forEach(line -> progress.println("replaying " + line));
        progress.println("compiled " + job.project().tables().size() + " meta-tables for " + how(job, options));
        Mistakes mistakes = new Mistakes(session.env(), job);
        session.define(job, mistakes, options.overrides());
        extras.beforeInserts(new DefinedJob(job, options, session));
        StatementSet statementSet = session.statementSet(job, mistakes);
        List<JobStatement.Insert> inserts = job.inserts();
        session.numberPlanNodesAfresh();
        TableResult result = session.guard(inserts.stream().map(JobStatement.Insert::sql)
                .collect(Collectors.joining("\n")), statementSet::execute);
        String id = result.getJobClient().orElseThrow().getJobID().toString();
        Target target = options.target();
        Optional<FlinkRest> rest = switch (target.where()) {
            case LOCAL -> session.localRest();
            case REMOTE -> Optional.of(new FlinkRest(target.host().orElseThrow(), target.port()));
            case IN_CLUSTER -> Optional.empty();
        };
        progress.println("submitted job " + id + " (" + inserts.size() + " inserts)" + switch (target.where()) {
            case LOCAL -> " to a local MiniCluster" + rest.map(r -> " (web UI " + r.address() + ")").orElse("");
            case REMOTE -> " to " + target.address();
            case IN_CLUSTER -> " to the cluster this runs in";
        });
        boolean waits = options.ends(mode) || options.target().isLocal();
        Optional<String> savepoint = waits ? await(job, options, extras, result, id, rest) : Optional.empty();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        progress.println((waits ? "finished" : "running") + " job " + id + " after " + elapsed.toSeconds() + " s");
        return new Outcome(Optional.of(id), elapsed, waits, savepoint);
    }

    /**
     * The operators of the job {@code request} would submit, planned as its run plans them (its DDL runs, its tables
     * are checked against their declarations); nothing is submitted.
     */
    public List<JobOperators.Operator> operators(JobRequest request, RunExtras extras) {
        CompiledJob job = compile(request, extras);
        WarehouseSession session = WarehouseSession.forRun(job, request.options(), extras, secrets);
        Mistakes mistakes = new Mistakes(session.env(), job);
        session.define(job, mistakes, request.options().overrides());
        StatementSet statementSet = session.statementSet(job, mistakes);
        session.numberPlanNodesAfresh();
        try {
            return JobOperators.of(session.env(), statementSet);
        } catch (RuntimeException e) {
            throw session.refusal(job, mistakes.ofJob(e));
        }
    }

    /** Waits for the submitted job to end, watching it; the savepoint it was stopped with, if any. */
    private Optional<String> await(CompiledJob job, RunOptions options, RunExtras extras, TableResult result,
            String id, Optional<FlinkRest> rest) {
        Mode mode = job.file().mode();
        Optional<ExitNotice> notice = interruptNotice(options.target(), mode, options.bounded(), id)
                .map(line -> ExitNotice.whileRunning(progress, line));
        boolean untilStopped = !options.ends(mode);
        Optional<RunExtras.Waiting> waiting = extras.whileWaiting(id, rest, job.project());
        if (untilStopped) {
            progress.println("running until stopped (Ctrl-C stops it with a savepoint to resume from)");
        }
        String sql = String.join("\n", job.file().text().statements());
        Optional<JobWatch> watch = JobWatch.start(rest, id, progress, text -> secrets.mask(sql, text),
                untilStopped ? 60 : 10);
        try {
            result.await();
        } catch (Exception e) {
            throw new JobFailedException(secrets.mask(sql, "job " + id + " failed: " + Causes.innermost(e)), e);
        } finally {
            watch.ifPresent(JobWatch::close);
            waiting.ifPresent(RunExtras.Waiting::close);
            notice.ifPresent(ExitNotice::close);
        }
        extras.finished();
        Optional<String> savepoint = waiting.flatMap(RunExtras.Waiting::savepoint);
        savepoint.ifPresent(path -> progress.println("stopped job " + id + " with a savepoint: " + path));
        return savepoint;
    }

    /** How a run runs: {@code stream mode, business day 2026-11-21 (bounded)}, {@code batch mode, ... (batch runtime)}. */
    static String how(CompiledJob job, RunOptions options) {
        Mode mode = job.file().mode();
        return mode.id() + " mode" + job.file().bizdate().map(d -> ", business day " + d).orElse("")
                + (mode == Mode.BATCH ? (options.streamingRuntime(mode) ? " (bounded streams)" : " (batch runtime)")
                        : options.bounded() ? " (bounded)" : "");
    }

    /**
     * The line for Ctrl-C while a run waits for its job, which says what becomes of the job: a cluster's keeps running,
     * a local one ends unfinished; none for a local stream job, which Ctrl-C stops with a savepoint.
     */
    static Optional<String> interruptNotice(Target target, Mode mode, boolean bounded, String id) {
        if (target.isInCluster()) {
            return Optional.empty();
        }
        if (!target.isLocal()) {
            String at = target.address();
            return Optional.of("rtw: interrupted; job " + id + " keeps running on the cluster at " + at
                    + " (rtw jobs cancel " + id + " --target " + at + " stops it)");
        }
        if (mode == Mode.STREAM && !bounded) {
            return Optional.empty();
        }
        return Optional.of("rtw: interrupted; job " + id + " ended unfinished with this process. A "
                + (mode == Mode.BATCH ? "batch run commits its Paimon tables"
                        : "bounded run commits its Paimon tables and the topic's offsets")
                + " only when it finishes: run it again for the results (rows it wrote to a serving store stay until"
                + " then)");
    }

    /**
     * Refuses a savepoint or retained checkpoint on this machine's file system that is not there (a directory with
     * {@code _metadata}, or that file), before anything runs; another file system's is left to the cluster.
     */
    static void checkSavepoint(String location) {
        Path path;
        if (location.startsWith("file:")) {
            path = Path.of(URI.create(location));
        } else if (!location.contains("://")) {
            path = Path.of(location);
        } else {
            return;
        }
        if (!Files.isRegularFile(path.resolve("_metadata"))
                && !(Files.isRegularFile(path) && path.getFileName().toString().equals("_metadata"))) {
            throw new JobException("no savepoint or checkpoint at " + location + " (a directory holding _metadata); "
                    + "nothing was run");
        }
    }
}
