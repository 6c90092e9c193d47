package io.rtw.stream;

import io.rtw.meta.DefinitionException;
import io.rtw.meta.Mode;
import io.rtw.meta.Problem;
import io.rtw.meta.Project;
import io.rtw.meta.Secrets;
import io.rtw.meta.sql.MetaTableCompiler;
import io.rtw.meta.sql.Script;
import io.rtw.udf.RtwFunctions;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.operations.CreateTableASOperation;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.ReplaceTableAsOperation;
import org.apache.flink.table.operations.command.ResetOperation;
import org.apache.flink.table.operations.command.SetOperation;
import org.apache.flink.table.operations.ddl.CreateCatalogOperation;
import org.apache.flink.table.operations.ddl.CreateTableOperation;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one runner of warehouse SQL, for both modes: compiles the meta-tables for the mode, registers the
 * rtw functions, renders the job file, runs its DDL, and submits all its inserts (plus the dead-letter
 * and late-record inserts in stream mode) as one job, on a local MiniCluster or a Flink cluster.
 *
 * <p>Everything is planned before anything is submitted, so a mistake anywhere in the file leaves no
 * job half-submitted. A query preceded by a {@code --#require MESSAGE} line is a precondition of batch
 * runs: it must return TRUE, or the run stops with the message before submitting anything. Messages that
 * could echo a secret are masked.
 */
public final class JobRunner {

    private static final String CHECKPOINT_INTERVAL = "execution.checkpointing.interval";
    /** A statement creating a catalog, a database or a table in a catalog. */
    private static final java.util.regex.Pattern CATALOG_DDL = java.util.regex.Pattern.compile(
            "(?is)^\\s*CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:CATALOG|DATABASE|TABLE)\\b.*");
    /** Why a job file may not create a table from a query: that runs a job of its own when the statement runs. */
    static final String CREATE_AS = "CREATE TABLE ... AS SELECT runs a job of its own each time the file starts: "
            + "create the table with CREATE TABLE IF NOT EXISTS and write it with INSERT INTO";

    /** Where a job runs: the local MiniCluster, or a Flink cluster's REST endpoint. */
    public record Target(Optional<String> host, int port) {
        /** A MiniCluster in this process. */
        public static Target local() {
            return new Target(Optional.empty(), 0);
        }

        /** Parses {@code local} or {@code HOST:PORT}. */
        public static Target parse(String text) {
            if (text.equals("local")) {
                return local();
            }
            int colon = text.lastIndexOf(':');
            String port = colon > 0 ? text.substring(colon + 1) : "";
            if (!port.matches("[1-9][0-9]{0,4}") || Integer.parseInt(port) > 65_535) {
                throw new IllegalArgumentException("target must be local or HOST:PORT (a port from 1 to 65535), got '"
                        + text + "'");
            }
            return new Target(Optional.of(text.substring(0, colon)), Integer.parseInt(port));
        }

        boolean isLocal() {
            return host.isEmpty();
        }

        /** {@code HOST:PORT} as {@link #parse} takes it, or {@code local}. */
        String address() {
            return host.map(h -> h + ":" + port).orElse("local");
        }
    }

    /**
     * One run.
     *
     * @param project the warehouse
     * @param file the job's SQL file
     * @param mode stream or batch
     * @param bizdate the business day, for {@code ${bizdate}} and day-partitioned batch sources
     * @param target where to run
     * @param bounded stream sources stop at what exists at start, so a stream run finishes (without checkpoints)
     * @param savepoint a savepoint or retained checkpoint to start from
     * @param conf Flink configuration overrides ({@code -D key=value}), applied last
     */
    public record Spec(Project project, Path file, Mode mode, Optional<LocalDate> bizdate, Target target,
            boolean bounded, Optional<String> savepoint, Map<String, String> conf) {}

    /**
     * What a run did: the job id when one was submitted, how long it took, whether it waited for the job's end, and
     * the savepoint a local stream job was stopped with (Ctrl-C), to resume from.
     */
    public record Outcome(Optional<String> jobId, Duration elapsed, boolean finished, Optional<String> savepoint) {}

    private final Secrets secrets;
    private final PrintWriter progress;

    /** A runner that resolves secrets from {@code secrets} and reports progress lines to {@code progress}. */
    public JobRunner(Secrets secrets, PrintWriter progress) {
        this.secrets = secrets;
        this.progress = progress;
    }

    /** The Flink configuration of a run, before {@code -D} overrides: documented defaults a user can override. */
    static Configuration configuration(Spec spec) {
        Configuration conf = new Configuration();
        conf.setString("table.local-time-zone", spec.project().timeZone().getId());
        conf.setString("pipeline.name", "rtw " + spec.file().getFileName() + " [" + spec.mode().id() + "]"
                + spec.bizdate().map(d -> " " + d).orElse(""));
        // Stable operator uids, so a job restarts from its savepoints after a redeploy.
        conf.setString("table.exec.uid.generation", "ALWAYS");
        // Chained operators hand rows on without a defensive copy: no operator of a job (Flink's, Paimon's, rtw's
        // functions and sinks) changes or keeps a row it was given. ~30% more events/s (docs/benchmarks.md, run 6).
        conf.setString("pipeline.object-reuse", "true");
        if (spec.mode() == Mode.STREAM && !spec.bounded()) {
            // A stream job runs for days: it keeps restarting, backing off to a minute between attempts, and the
            // backoff starts over after an hour without failure. A fixed budget would be spent by one TaskManager
            // loss: Paimon fails each sink once more after restoring its committables (docs/cli.md).
            conf.setString("restart-strategy.type", "exponential-delay");
            conf.setString("restart-strategy.exponential-delay.initial-backoff", "1 s");
            conf.setString("restart-strategy.exponential-delay.max-backoff", "1 min");
            conf.setString("restart-strategy.exponential-delay.backoff-multiplier", "2");
            conf.setString("restart-strategy.exponential-delay.reset-backoff-threshold", "1 h");
            conf.setString("restart-strategy.exponential-delay.jitter-factor", "0.1");
        } else {
            // A run that ends (a batch day, a bounded replay) fails for good after ten quick attempts.
            conf.setString("restart-strategy.type", "fixed-delay");
            conf.setString("restart-strategy.fixed-delay.attempts", "10");
            conf.setString("restart-strategy.fixed-delay.delay", "2 s");
        }
        if (spec.mode() == Mode.STREAM) {
            if (!spec.bounded()) {
                // A cancelled job keeps its last checkpoint, to resume from with --from-savepoint.
                conf.setString("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
                // Runs that end do not checkpoint: their Paimon sinks then commit once, when all input has ended,
                // and a failure restarts the run from its first offsets with nothing committed. Checkpoints would
                // expose Paimon's end-of-input commit, which loses the last data of one writer when a checkpoint
                // completes between two writers' ends (apache/paimon#9236; docs/cli.md).
                conf.setString(CHECKPOINT_INTERVAL, "10 s");
            }
            conf.setString("execution.checkpointing.mode", "EXACTLY_ONCE");
            conf.setString("state.backend.type", "hashmap");
            spec.project().variables().get("rtw.home").ifPresent(home -> {
                conf.setString("execution.checkpointing.storage", "filesystem");
                conf.setString("execution.checkpointing.dir", "file://" + home + "/checkpoints");
            });
            conf.setString("table.exec.source.idle-timeout", "30 s");
        }
        if (spec.target().isLocal()) {
            for (String key : List.of("rest.bind-address", "rest.address", "jobmanager.bind-host",
                    "jobmanager.rpc.address", "taskmanager.bind-host", "taskmanager.host")) {
                conf.setString(key, "127.0.0.1");
            }
            conf.setString("rest.bind-port", "0");
            conf.setString("parallelism.default", "2");
        } else {
            conf.setString("execution.target", "remote");
            conf.setString("rest.address", spec.target().host().orElseThrow());
            conf.setString("rest.port", String.valueOf(spec.target().port()));
            // The cluster has Flink; the job takes along the client's jars the cluster lacks (docs/cli.md).
            List<String> jars = ClusterJars.forCluster(spec.target().host().get(), spec.target().port());
            if (!jars.isEmpty()) {
                conf.set(org.apache.flink.configuration.PipelineOptions.JARS, jars);
            }
        }
        spec.savepoint().ifPresent(s -> conf.setString("execution.state-recovery.path", s));
        spec.conf().forEach(conf::setString);
        return conf;
    }

    /**
     * Refuses a local run whose servers do not answer, before anything runs; a remote cluster may reach servers
     * this machine cannot, so there the problems are warnings.
     */
    private void checkServers(Spec spec, Script job) {
        List<String> problems = ServerCheck.problems(ServerCheck.used(spec.project().tables(), spec.mode(),
                job.statements()), secrets, ServerCheck.TIMEOUT);
        ServerCheck.warnings(spec.file(), spec.target().isLocal(), problems).forEach(progress::println);
    }

    /** The warning for a run that ends (a batch day, a bounded replay) when {@code -D} turns checkpoints on. */
    static Optional<String> checkpointWarning(Spec spec) {
        boolean ends = spec.mode() == Mode.BATCH || spec.bounded();
        return ends && spec.conf().containsKey(CHECKPOINT_INTERVAL) ? Optional.of("warning: checkpoints in a run "
                + "that ends (-D " + CHECKPOINT_INTERVAL + "): a Paimon sink can lose the last data of one writer at "
                + "the end of input (apache/paimon#9236); leave it unset") : Optional.empty();
    }

    /** A table environment for the mode with the project's meta-tables and the rtw functions registered. */
    public TableEnvironment environment(Spec spec) {
        return environment(spec, spec.mode() == Mode.STREAM, spec.mode() == Mode.STREAM && spec.bounded(), Map.of(),
                Use.QUERY);
    }

    /** What an environment is for. */
    private enum Use {
        /** Queries over the warehouse. */
        QUERY,
        /**
         * A run or its plan: it must not write into tables declared otherwise, and its local cluster gets a known REST
         * port so the run can read the job's failures and progress from it.
         */
        RUN,
        /** Planning without servers or side effects: every catalog an empty stand-in, Paimon tables plan-only. */
        CHECK
    }

    /**
     * Whether a batch job runs on Flink's streaming runtime over bounded sources (the default), where window
     * aggregations share slices: a day's CUMULATE adds each record to one minute's slice and merges slices as
     * windows fire, while the batch runtime copies each record into every window containing it (up to 1,440
     * per day). {@code -D execution.runtime-mode=batch} picks the batch runtime.
     */
    static boolean streamingRuntime(Spec spec) {
        return spec.mode() == Mode.STREAM || !"batch".equalsIgnoreCase(spec.conf().get("execution.runtime-mode"));
    }

    private TableEnvironment environment(Spec spec, boolean streaming, boolean bounded,
            Map<String, Map<String, String>> sourceOptions, Use use) {
        boolean forRun = use == Use.RUN;
        Configuration conf = configuration(spec);
        if (forRun && spec.target().isLocal() && !spec.conf().containsKey("rest.bind-port")) {
            conf.setString("rest.bind-port", String.valueOf(freePort()));
        }
        if (forRun && spec.target().isLocal()) {
            // The REST API serves a job's failures from a cache refreshed this often (3 s by default): a failure
            // followed by the last within that time would not be printed before the run ends. Its metrics are
            // fetched every 10 s by default: the first progress line would count the first second's records.
            conf.setString("web.refresh-interval", spec.conf().getOrDefault("web.refresh-interval", "1 s"));
            conf.setString("metrics.fetcher.update-interval",
                    spec.conf().getOrDefault("metrics.fetcher.update-interval", "2 s"));
        }
        EnvironmentSettings.Builder settings = EnvironmentSettings.newInstance().withConfiguration(conf);
        TableEnvironment env = TableEnvironment.create(streaming
                ? settings.inStreamingMode().build() : settings.inBatchMode().build());
        RtwFunctions.registerAll(env);
        java.util.ServiceLoader.load(FunctionProvider.class).forEach(p -> p.register(env, spec.project(), secrets));
        Script ddl = MetaTableCompiler.create().compile(spec.project(), spec.project().tables(), spec.mode(),
                spec.bizdate(), bounded, sourceOptions);
        if (forRun) {
            checkExistingTables(env, ddl.statements());
        }
        if (use == Use.CHECK) {
            // Catalogs first, then the tables the batch sides read, then the meta-tables' tables and views.
            List<String> statements = new ArrayList<>(ddl.statements().stream()
                    .filter(s -> s.startsWith("CREATE CATALOG ")).toList());
            statements.addAll(PlanOnlyTables.batchTables(spec.project()));
            ddl.statements().stream().filter(s -> !s.startsWith("CREATE CATALOG ")).forEach(statements::add);
            statements.forEach(statement -> guard(statement, () -> {
                ((TableEnvironmentInternal) env).getParser().parse(secrets.resolve(statement))
                        .forEach(op -> standIn(env, op, bounded));
                return null;
            }));
        } else {
            execute(env, ddl);
        }
        return env;
    }

    /**
     * Runs a DDL statement against stand-ins, to plan a job without touching its catalogs: a catalog is created as an
     * empty in-memory one of plan-only tables, a Paimon table of the DDL becomes a plan-only table with its schema;
     * anything else runs as written (temporary tables and views, and catalog tables, live in memory then).
     */
    private static void standIn(TableEnvironment env, Operation op, boolean bounded) {
        TableEnvironmentInternal internal = (TableEnvironmentInternal) env;
        if (op instanceof CreateCatalogOperation c) {
            if (env.getCatalog(c.getCatalogName()).isEmpty()) {
                env.registerCatalog(c.getCatalogName(), PlanOnlyTables.catalog(c.getCatalogName(), bounded));
            }
        } else if (op instanceof CreateTableOperation t && "paimon".equals(t.getCatalogTable().getOptions()
                .get("connector"))) {
            String bound = t.getCatalogTable().getOptions().getOrDefault("scan.bounded", String.valueOf(bounded));
            internal.executeInternal(new CreateTableOperation(t.getTableIdentifier(), PlanOnlyTables.standIn(
                    t.getCatalogTable(), Boolean.parseBoolean(bound)), t.isIgnoreIfExists(), t.isTemporary()));
        } else {
            internal.executeInternal(op);
        }
    }

    /** The job file of {@code spec} taken apart, refused with every mistake its text shows. */
    private JobFile read(Spec spec) {
        JobFile file = JobFile.read(spec, secrets);
        if (!file.problems().isEmpty()) {
            throw new JobException(file.problems().stream().map(Problem::toString)
                    .collect(java.util.stream.Collectors.joining("\n")));
        }
        return file;
    }

    /** Runs the job: DDL now, every insert as one job; waits for bounded and batch jobs to finish. */
    public Outcome run(Spec spec) throws Exception {
        long start = System.nanoTime();
        if (spec.target().isLocal()) {
            spec.savepoint().ifPresent(JobRunner::checkSavepoint);
        }
        JobFile parsed = read(spec);
        Script job = parsed.job();
        checkServers(spec, job);

        Optional<Replay> replay = spec.mode() == Mode.STREAM && spec.bounded()
                ? Optional.of(Replay.start(spec.project().tables(), secrets)) : Optional.empty();
        boolean streaming = streamingRuntime(spec);
        checkpointWarning(spec).ifPresent(progress::println);
        // Bounded sources: a stream replay's Kafka offsets, or a batch day's tables read as bounded streams.
        TableEnvironment env = environment(spec, streaming, spec.mode() == Mode.STREAM ? spec.bounded() : streaming,
                replay.map(Replay::options).orElse(Map.of()), Use.RUN);
        replay.ifPresent(r -> r.describe().forEach(line -> progress.println("replaying " + line)));
        progress.println("compiled " + spec.project().tables().size() + " meta-tables for " + how(spec, streaming));

        Mistakes mistakes = new Mistakes(env, parsed, spec.project());
        runDdl(spec, env, parsed, mistakes);
        if (spec.mode() == Mode.BATCH && !parsed.preconditions().isEmpty()) {
            // Preconditions are queries for one value: the batch runtime answers them as a single row.
            TableEnvironment queries = streaming ? environment(spec) : env;
            for (String precondition : parsed.preconditions()) {
                located(spec, parsed, mistakes, precondition,
                        () -> requireOneBoolean(env, secrets.resolve(precondition)));
                holds(spec, queries, precondition);
            }
        }
        StatementSet statementSet = statementSet(spec, env, parsed, mistakes);
        List<String> inserts = parsed.inserts();
        TableResult result = guard(String.join("\n", inserts), statementSet::execute);
        String id = result.getJobClient().orElseThrow().getJobID().toString();
        Optional<FlinkRest> rest = rest(spec, env);
        progress.println("submitted job " + id + " (" + inserts.size() + " inserts)" + (spec.target().isLocal()
                ? " to a local MiniCluster" + rest.map(r -> " (web UI " + r.address() + ")").orElse("")
                : " to " + spec.target().address()));
        boolean waits = spec.mode() == Mode.BATCH || spec.bounded() || spec.target().isLocal();
        Optional<String> savepoint = Optional.empty();
        if (waits) {
            Optional<ExitNotice> notice = interruptNotice(spec.target(), spec.mode(), spec.bounded(), id)
                    .map(line -> ExitNotice.whileRunning(progress, line));
            boolean untilStopped = spec.mode() == Mode.STREAM && !spec.bounded();
            Optional<String> home = spec.project().variables().get("rtw.home");
            Optional<LocalStop> stop = untilStopped && rest.isPresent() && home.isPresent()
                    ? Optional.of(LocalStop.install(id, rest.get(), "file://" + home.get() + "/savepoints", progress))
                    : Optional.empty();
            if (untilStopped) {
                progress.println("running until stopped (Ctrl-C stops it with a savepoint to resume from)");
            }
            String sql = String.join("\n", job.statements());
            Optional<JobWatch> watch = JobWatch.start(rest, id, progress, text -> secrets.mask(sql, text),
                    untilStopped ? 60 : 10);
            try {
                result.await();
            } catch (Exception e) {
                throw new JobFailedException(secrets.mask(sql, "job " + id + " failed: " + deepest(e)), e);
            } finally {
                watch.ifPresent(JobWatch::close);
                stop.ifPresent(LocalStop::close);
                notice.ifPresent(ExitNotice::close);
            }
            replay.ifPresent(Replay::commit);
            savepoint = stop.isPresent() ? stop.get().savepoint() : Optional.empty();
            savepoint.ifPresent(path -> progress.println("stopped job " + id + " with a savepoint: " + path));
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        progress.println((waits ? "finished" : "running") + " job " + id + " after " + elapsed.toSeconds() + " s");
        return new Outcome(Optional.of(id), elapsed, waits, savepoint);
    }

    /**
     * The plan of the job {@link #run} would submit: a summary (what it reads, looks up and writes, how many
     * aggregations it runs, the planner's advice), then Flink's optimized execution plan, or with {@code full}
     * Flink's whole EXPLAIN (syntax tree, physical plan with advice, execution plan). The file's DDL runs as in a run
     * (its tables created if missing); nothing is submitted, no server is contacted and the preconditions are not
     * checked. A bounded replay is planned to the topic's end, without fixing offsets.
     */
    public String explain(Spec spec, boolean full) {
        JobFile parsed = read(spec);
        boolean streaming = streamingRuntime(spec);
        TableEnvironment env = environment(spec, streaming, spec.mode() == Mode.STREAM ? spec.bounded() : streaming,
                Map.of(), Use.RUN);
        Mistakes mistakes = new Mistakes(env, parsed, spec.project());
        runDdl(spec, env, parsed, mistakes);
        StatementSet statementSet = statementSet(spec, env, parsed, mistakes);
        String explained;
        try {
            // Flink gives plan advice for its streaming runtime only.
            explained = streaming ? statementSet.explain(org.apache.flink.table.api.ExplainDetail.PLAN_ADVICE)
                    : statementSet.explain();
        } catch (RuntimeException e) {
            throw refusal(spec, parsed, mistakes.ofJob(e));
        }
        String heading = spec.file().getFileName() + " in " + how(spec, streaming) + ": one job of "
                + parsed.inserts().size() + " inserts";
        String plan = PlanSummary.of(explained).text(heading) + "\n"
                + (full ? explained : PlanSummary.executionPlan(explained));
        return secrets.mask(referenced(spec, parsed), plan);
    }

    /** How a run runs: {@code stream mode, business day 2026-11-21 (bounded)}, {@code batch mode, ... (batch runtime)}. */
    private static String how(Spec spec, boolean streaming) {
        return spec.mode().id() + " mode" + spec.bizdate().map(d -> ", business day " + d).orElse("")
                + (spec.mode() == Mode.BATCH ? (streaming ? " (bounded streams)" : " (batch runtime)")
                        : spec.bounded() ? " (bounded)" : "");
    }

    /**
     * Every problem of the job file in the spec's mode, each located in the file, found by planning the job as a run
     * would, without servers and without side effects: every catalog is an empty in-memory stand-in that takes the
     * tables the meta-tables and the file declare, Paimon tables are planned and never read, Kafka and serving tables
     * are planned with their connectors (which contact nothing when planned). Nothing is submitted; preconditions are
     * planned, not run. No problem when a run would submit the job (servers and preconditions permitting).
     *
     * @param siblings the project's other job files: the catalog tables and databases they create exist for this one
     *     (their own problems are told when they are checked)
     */
    public Checked check(Spec spec, List<Path> siblings) {
        JobFile file;
        try {
            file = JobFile.read(spec, secrets);
        } catch (DefinitionException e) {
            return new Checked(e.problems(), "");
        }
        List<Problem> problems = new ArrayList<>(file.problems());
        boolean streaming = streamingRuntime(spec);
        boolean bounded = spec.mode() == Mode.STREAM ? spec.bounded() : streaming;
        TableEnvironment env = environment(spec, streaming, bounded, Map.of(), Use.CHECK);
        Mistakes mistakes = new Mistakes(env, file, spec.project());
        // A statement whose secret is not set was told about and cannot be planned.
        java.util.function.Predicate<String> plannable = statement -> {
            boolean resolvable = JobFile.unsetSecrets(statement, secrets).isEmpty();
            if (!resolvable) {
                mistakes.skipped(statement);
            }
            return resolvable;
        };
        for (Path sibling : siblings) {
            declareCatalogTables(env, new Spec(spec.project(), sibling, spec.mode(), spec.bizdate(), spec.target(),
                    spec.bounded(), spec.savepoint(), spec.conf()), bounded);
        }
        for (String statement : file.ddl()) {
            if (plannable.test(statement)) {
                attempt(problems, mistakes, statement, () -> runStatement(env, statement, Use.CHECK, bounded,
                        spec.conf()));
            }
        }
        for (String precondition : file.preconditions()) {
            if (plannable.test(precondition)) {
                attempt(problems, mistakes, precondition,
                        () -> requireOneBoolean(env, secrets.resolve(precondition)));
            }
        }
        StatementSet statementSet = env.createStatementSet();
        int planned = problems.size();
        for (String insert : file.inserts()) {
            if (plannable.test(insert)) {
                attempt(problems, mistakes, insert, () -> statementSet.addInsertSql(secrets.resolve(insert)));
            }
        }
        if (problems.size() == planned) {
            try {
                statementSet.explain();
            } catch (RuntimeException e) {
                problems.add(mistakes.ofJob(e));
            }
        }
        String sql = referenced(spec, file);
        return new Checked(problems.stream().map(p -> new Problem(p.location(), secrets.mask(sql, p.message())))
                .toList(), file.summary());
    }

    /** Creates in the stand-ins the catalog databases and tables another job file of the project creates. */
    private void declareCatalogTables(TableEnvironment env, Spec other, boolean bounded) {
        try {
            for (String statement : JobFile.read(other, secrets).ddl()) {
                if (CATALOG_DDL.matcher(io.rtw.meta.sql.Statements.blankComments(statement)).matches()
                        && JobFile.unsetSecrets(statement, secrets).isEmpty()) {
                    runStatement(env, statement, Use.CHECK, bounded, other.conf());
                }
            }
        } catch (RuntimeException e) {
            // A file that cannot be read or whose table cannot be created declares nothing; its check says why.
        }
    }

    /** What {@link #check} found: every problem, located, and what the file holds ({@code 4 inserts, 2 views, ...}). */
    public record Checked(List<Problem> problems, String summary) {}

    /** Runs {@code step} for {@code statement}, adding its refusal to {@code problems} unless it follows from one. */
    private static void attempt(List<Problem> problems, Mistakes mistakes, String statement, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            mistakes.of(statement, e).ifPresent(problems::add);
        }
    }

    /** Runs {@code step} for {@code statement}; its refusal stops the run, told at its place in the file. */
    private void located(Spec spec, JobFile file, Mistakes mistakes, String statement, Runnable step) {
        try {
            step.run();
        } catch (JobException e) {
            throw e;
        } catch (RuntimeException e) {
            throw refusal(spec, file, mistakes.of(statement, e).orElseThrow(() -> e));
        }
    }

    /** The refusal of a run for {@code problem}, the value of every secret shown as its reference. */
    private JobException refusal(Spec spec, JobFile file, Problem problem) {
        return new JobException(secrets.mask(referenced(spec, file), problem.toString()));
    }

    /**
     * Every statement of the file and of the meta-tables, with the secrets they refer to: a refusal or a plan may show
     * the options of any table (Flink lists them when it cannot create a source or sink).
     */
    private static String referenced(Spec spec, JobFile file) {
        return String.join("\n", file.job().statements()) + "\n" + String.join("\n", MetaTableCompiler.create()
                .compile(spec.project(), spec.project().tables(), spec.mode(), spec.bizdate(), false, Map.of())
                .statements());
    }

    /** Runs the job file's DDL in order, after refusing a table that exists declared otherwise. */
    private void runDdl(Spec spec, TableEnvironment env, JobFile parsed, Mistakes mistakes) {
        checkExistingTables(env, parsed.job().statements());
        for (String statement : parsed.ddl()) {
            located(spec, parsed, mistakes, statement, () -> runStatement(env, statement, Use.RUN, false,
                    spec.conf()));
        }
    }

    /**
     * Runs one statement of a job file's DDL: as written in a run, against stand-ins in a check; a table created from
     * a query is refused in both.
     */
    private void runStatement(TableEnvironment env, String statement, Use use, boolean bounded,
            Map<String, String> overrides) {
        TableEnvironmentInternal internal = (TableEnvironmentInternal) env;
        List<Operation> operations = internal.getParser().parse(secrets.resolve(statement));
        for (Operation op : operations) {
            if (op instanceof CreateTableASOperation || op instanceof ReplaceTableAsOperation) {
                throw new org.apache.flink.table.api.ValidationException(CREATE_AS);
            }
        }
        for (Operation op : operations) {
            if (op instanceof SetOperation set && set.getKey().isPresent()) {
                // A job's own setting (e.g. the state's time to live); -D on the command line still wins.
                if (!overrides.containsKey(set.getKey().get())) {
                    env.getConfig().set(set.getKey().get(), set.getValue().orElse(""));
                }
            } else if (op instanceof ResetOperation reset && reset.getKey().isPresent()) {
                if (!overrides.containsKey(reset.getKey().get())) {
                    env.getConfig().getConfiguration().removeKey(reset.getKey().get());
                }
            } else if (use == Use.CHECK) {
                standIn(env, op, bounded);
            } else {
                internal.executeInternal(op);
            }
        }
    }

    /** Every insert of the job planned into one statement set; a refusal is told at the insert's place. */
    private StatementSet statementSet(Spec spec, TableEnvironment env, JobFile parsed, Mistakes mistakes) {
        StatementSet statementSet = env.createStatementSet();
        for (String insert : parsed.inserts()) {
            located(spec, parsed, mistakes, insert, () -> statementSet.addInsertSql(secrets.resolve(insert)));
        }
        return statementSet;
    }

    /** Refuses a precondition that is not a query for one BOOLEAN value, before it runs. */
    private static void requireOneBoolean(TableEnvironment env, String precondition) {
        org.apache.flink.table.catalog.ResolvedSchema schema = env.sqlQuery(precondition).getResolvedSchema();
        List<org.apache.flink.table.catalog.Column> columns = schema.getColumns();
        if (columns.size() != 1 || columns.get(0).getDataType().getLogicalType().getTypeRoot()
                != org.apache.flink.table.types.logical.LogicalTypeRoot.BOOLEAN) {
            throw new org.apache.flink.table.api.ValidationException(Mistakes.NOT_BOOLEAN + schema.getColumns().stream()
                    .map(c -> c.getName() + " " + c.getDataType().getLogicalType().asSummaryString())
                    .collect(java.util.stream.Collectors.joining(", ", "(", ")")));
        }
    }

    /**
     * The line for Ctrl-C while a run waits for its job, which says what becomes of the job: a cluster's keeps running,
     * a local one ends unfinished; none for a local stream job, which Ctrl-C stops with a savepoint ({@link LocalStop}).
     */
    static Optional<String> interruptNotice(Target target, Mode mode, boolean bounded, String id) {
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
            path = Path.of(java.net.URI.create(location));
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

    /** The REST API of the cluster a run's job runs on; empty for a local cluster whose port is not known. */
    private static Optional<FlinkRest> rest(Spec spec, TableEnvironment env) {
        if (!spec.target().isLocal()) {
            return Optional.of(new FlinkRest(spec.target().host().orElseThrow(), spec.target().port()));
        }
        String port = env.getConfig().get(org.apache.flink.configuration.RestOptions.BIND_PORT);
        return port.matches("[1-9][0-9]*") ? Optional.of(new FlinkRest("127.0.0.1", Integer.parseInt(port)))
                : Optional.empty();
    }

    /** A free port on the loopback interface, or 0 (the cluster picks one) when none can be had. */
    private static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    /** Runs a precondition query: it must return one row holding TRUE, or the run stops with its message. */
    private void holds(Spec spec, TableEnvironment env, String precondition) {
        List<Row> rows = rows(env, secrets.resolve(precondition));
        boolean holds = rows.size() == 1 && rows.get(0).getArity() == 1 && Boolean.TRUE.equals(rows.get(0).getField(0));
        if (!holds) {
            throw new JobException(spec.file() + ": precondition not met: " + JobFile.requirement(precondition));
        }
    }

    /** A query's column names and rows; values are Flink's Java values (null for SQL NULL). */
    public record QueryResult(List<String> columns, List<Row> rows) {
        /** The column names, then every row, as text: {@code NULL} for null, {@code <N bytes>} for binary values. */
        public List<List<String>> text() {
            List<List<String>> out = new ArrayList<>();
            out.add(columns);
            for (Row r : rows) {
                List<String> cells = new ArrayList<>();
                for (int i = 0; i < r.getArity(); i++) {
                    Object v = r.getField(i);
                    cells.add(v == null ? "NULL" : v instanceof byte[] b ? "<" + b.length + " bytes>" : v.toString());
                }
                out.add(cells);
            }
            return out;
        }
    }

    /** Runs a batch query over the warehouse. */
    public QueryResult query(Spec spec, String sql) {
        TableEnvironment env = environment(spec);
        TableResult result = guard(sql, () -> env.executeSql(sql));
        return new QueryResult(result.getResolvedSchema().getColumnNames(), collect(sql, result));
    }

    /** Runs {@code sql} on an environment from {@link #environment} and collects its rows. */
    public List<Row> rows(TableEnvironment env, String sql) {
        return collect(sql, guard(sql, () -> env.executeSql(sql)));
    }

    private List<Row> collect(String sql, TableResult result) {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = result.collect()) {
            it.forEachRemaining(rows::add);
        } catch (Exception e) {
            throw new JobException(secrets.mask(sql, "query failed: " + rootMessage(e)));
        }
        return rows;
    }

    /**
     * Stops before any of {@code statements} runs when one of them creates, if not exists, a table that exists declared
     * otherwise (an earlier version of the file created it), naming every such table and the fix.
     */
    private void checkExistingTables(TableEnvironment env, List<String> statements) {
        List<String> drifts = new ArrayList<>();
        for (String statement : statements) {
            String code = io.rtw.meta.sql.Statements.withoutComments(statement).strip();
            ExistingTables.drift(env, code).ifPresent(d -> drifts.add(d + "\n  in: " + firstLine(code)));
        }
        if (!drifts.isEmpty()) {
            throw new JobException(secrets.mask(String.join("\n", statements), String.join("\n\n", drifts)));
        }
    }

    private void execute(TableEnvironment env, Script script) {
        for (String statement : script.statements()) {
            guard(statement, () -> env.executeSql(secrets.resolve(statement)));
        }
    }

    /** Something Flink does with a statement that may fail. */
    private interface FlinkCall<T> {
        T call() throws Exception;
    }

    private <T> T guard(String statement, FlinkCall<T> call) {
        try {
            return call.call();
        } catch (org.apache.flink.table.api.ValidationException | org.apache.flink.table.api.SqlParserException
                | org.apache.flink.table.api.TableException e) {
            throw new JobException(secrets.mask(statement, rootMessage(e) + "\n  in: " + firstLine(statement)));
        } catch (JobException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(secrets.mask(statement, rootMessage(e)), e);
        }
    }

    /** The statement's first line of code (leading comments left out), and {@code ...} when more follow. */
    private static String firstLine(String statement) {
        String s = io.rtw.meta.sql.Statements.withoutComments(statement).strip();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl) + " ...";
    }

    /** The message of the innermost cause, where the real reason usually is. */
    static String deepest(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    static String rootMessage(Throwable e) {
        StringBuilder b = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t.getMessage() != null && !b.toString().contains(t.getMessage())) {
                b.append(": ").append(t.getMessage());
            }
        }
        return b.toString();
    }
}
