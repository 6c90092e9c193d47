package io.rtw.runtime;

import io.rtw.meta.Causes;
import io.rtw.meta.Mode;
import io.rtw.meta.Problem;
import io.rtw.meta.Project;
import io.rtw.meta.Secrets;
import io.rtw.meta.job.CompiledJob;
import io.rtw.meta.job.JobCompiler;
import io.rtw.meta.job.JobStatement;
import io.rtw.meta.sql.CompiledTables;
import io.rtw.meta.sql.Statements;
import io.rtw.udf.RtwFunctions;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * A table environment of the warehouse: the project's catalogs and meta-tables of one mode and day registered with
 * the rtw functions, for queries (quality, batch day counts, the CLI, tests) or for a compiled job's run. Every
 * failure of Flink is told with the statement's first line, secrets shown as their references.
 */
public final class WarehouseSession {

    private final TableEnvironment env;
    private final Secrets secrets;

    /** A session over {@code env} as it is. */
    WarehouseSession(TableEnvironment env, Secrets secrets) {
        this.env = env;
        this.secrets = secrets;
    }

    /**
     * A session for batch queries over the warehouse: its catalogs, and its meta-tables' batch sides over
     * {@code bizdate}'s partition or every partition.
     *
     * @param name what its queries are, in their job names ({@code rtw NAME [batch]})
     */
    public static WarehouseSession forQueries(Project project, Optional<LocalDate> bizdate,
            Map<String, String> overrides, Secrets secrets, String name) {
        return forQueries(JobCompiler.create().tables(project, Mode.BATCH, bizdate, false),
                RunOptions.local(overrides), secrets, name);
    }

    /**
     * A session for batch queries over compiled tables as they are: a batch run's preconditions and day counts read
     * the sources the run reads, without compiling them again.
     */
    public static WarehouseSession forQueries(CompiledTables tables, RunOptions options, Secrets secrets,
            String name) {
        return open(tables, false, options, secrets, name);
    }

    /**
     * A session over compiled tables on Flink's streaming runtime or its batch runtime, for statements of one's own
     * (a benchmark's inserts without the meta-tables' own).
     */
    public static WarehouseSession open(CompiledTables tables, boolean streaming, RunOptions options, Secrets secrets,
            String name) {
        TableEnvironment env = environment(options.configuration(tables, name, RunExtras.NONE), streaming,
                tables.project(), secrets);
        WarehouseSession session = new WarehouseSession(env, secrets);
        session.execute(tables.catalogs());
        session.execute(tables.tables());
        return session;
    }

    /**
     * The session a compiled job runs in: its local cluster with a known REST port (the run reads the job's failures
     * and progress from it), the meta-tables created after refusing a table that exists declared otherwise.
     */
    static WarehouseSession forRun(CompiledJob job, RunOptions options, RunExtras extras, Secrets secrets) {
        Configuration conf = options.configuration(job.tables(), job.file().path().getFileName().toString(), extras);
        if (options.target().isLocal()) {
            if (!options.overrides().containsKey(RestOptions.BIND_PORT.key())) {
                conf.set(RestOptions.BIND_PORT, String.valueOf(freePort()));
            }
            // The REST API serves a job's failures from a cache refreshed this often (3 s by default): a failure
            // followed by the last within that time would not be printed before the run ends. Its metrics are
            // fetched every 10 s by default: the first progress line would count the first second's records.
            if (!options.overrides().containsKey(WebOptions.REFRESH_INTERVAL.key())) {
                conf.set(WebOptions.REFRESH_INTERVAL, Duration.ofSeconds(1));
            }
            if (!options.overrides().containsKey(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL.key())) {
                conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofSeconds(2));
            }
        }
        TableEnvironment env = environment(conf, options.streamingRuntime(job.file().mode()), job.project(), secrets);
        WarehouseSession session = new WarehouseSession(env, secrets);
        List<String> ddl = new ArrayList<>(job.tables().catalogs());
        ddl.addAll(job.tables().tables());
        session.checkExistingTables(ddl);
        session.execute(ddl);
        return session;
    }

    /** A table environment with this configuration and the rtw functions and the providers' functions registered. */
    static TableEnvironment environment(Configuration conf, boolean streaming, Project project, Secrets secrets) {
        EnvironmentSettings.Builder settings = EnvironmentSettings.newInstance().withConfiguration(conf);
        TableEnvironment env = TableEnvironment.create(streaming
                ? settings.inStreamingMode().build() : settings.inBatchMode().build());
        RtwFunctions.registerAll(env);
        ServiceLoader.load(FunctionProvider.class).forEach(p -> p.register(env, project, secrets));
        return env;
    }

    /** The table environment, for what the session's methods do not cover (catalogs, schemas). */
    public TableEnvironment env() {
        return env;
    }

    /** Runs a query and collects its rows. */
    public QueryResult query(String sql) {
        TableResult result = guard(sql, () -> env.executeSql(sql));
        return new QueryResult(result.getResolvedSchema().getColumnNames(), collect(sql, result));
    }

    /** Runs {@code sql} and collects its rows. */
    public List<Row> rows(String sql) {
        return collect(sql, guard(sql, () -> env.executeSql(sql)));
    }

    /**
     * Plans {@code precondition}, a job file's {@code --#require} query, without running it, and refuses it unless it
     * returns one BOOLEAN column, as Flink refuses a statement: a job's {@link Mistakes} tell it at its place.
     */
    public void requireOneBoolean(String precondition) {
        List<Column> columns = env.sqlQuery(secrets.resolve(precondition)).getResolvedSchema().getColumns();
        if (columns.size() != 1 || columns.get(0).getDataType().getLogicalType().getTypeRoot()
                != LogicalTypeRoot.BOOLEAN) {
            throw new ValidationException(Mistakes.NOT_BOOLEAN + columns.stream()
                    .map(c -> c.getName() + " " + c.getDataType().getLogicalType().asSummaryString())
                    .collect(Collectors.joining(", ", "(", ")")));
        }
    }

    /**
     * Runs the compiled job's settings and definitions in order, after refusing a table that exists declared
     * otherwise; a refusal stops the run, told at its place in the file.
     */
    void define(CompiledJob job, Mistakes mistakes, Map<String, String> overrides) {
        checkExistingTables(job.file().text().statements());
        for (JobStatement statement : job.definitions()) {
            located(job, mistakes, statement.sql(), () -> {
                if (statement instanceof JobStatement.Setting s) {
                    apply(s, overrides);
                } else {
                    env.executeSql(secrets.resolve(statement.sql()));
                }
            });
        }
    }

    /** Applies a job's own setting (the state's time to live, say) unless {@code -D} sets its key: that still wins. */
    void apply(JobStatement.Setting setting, Map<String, String> overrides) {
        if (overrides.containsKey(setting.key())) {
            return;
        }
        setting.value().ifPresentOrElse(v -> env.getConfig().set(setting.key(), v),
                () -> env.getConfig().getConfiguration().removeKey(setting.key()));
    }

    /** Every insert of the job planned into one statement set; a refusal is told at the insert's place. */
    StatementSet statementSet(CompiledJob job, Mistakes mistakes) {
        StatementSet set = env.createStatementSet();
        for (JobStatement.Insert insert : job.inserts()) {
            located(job, mistakes, insert.sql(), () -> set.addInsertSql(secrets.resolve(insert.sql())));
        }
        return set;
    }

    /**
     * Numbers the plan nodes of the next job this session plans from the start, as in a fresh process: a stateful
     * operator's uid is its plan node's number and kind ({@code table.exec.uid.generation}), and the planner counts
     * nodes once per process, so a second plan in one process (an upgrade's check, then its run) would otherwise
     * number every node after the first plan's and find none of its savepoint's operators.
     */
    void numberPlanNodesAfresh() {
        Object planner = ((org.apache.flink.table.api.internal.TableEnvironmentImpl) env).getPlanner();
        try {
            planner.getClass().getClassLoader()
                    .loadClass("org.apache.flink.table.planner.plan.nodes.exec.ExecNodeContext")
                    .getMethod("resetIdCounter").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this Flink planner does not number its plan nodes as rtw expects", e);
        }
    }

    /** Runs {@code step} for {@code statement}; its refusal stops the run, told at its place in the file. */
    void located(CompiledJob job, Mistakes mistakes, String statement, Runnable step) {
        try {
            step.run();
        } catch (JobException e) {
            throw e;
        } catch (RuntimeException e) {
            throw refusal(job, mistakes.of(statement, e).orElseThrow(() -> e));
        }
    }

    /** The refusal of a run for {@code problem}, the value of every secret shown as its reference. */
    JobException refusal(CompiledJob job, Problem problem) {
        return new JobException(secrets.mask(job.referenced(), problem.toString()));
    }

    /**
     * Stops before any of {@code statements} runs when one of them creates, if not exists, a table that exists declared
     * otherwise (an earlier version of the file created it), naming every such table and the fix.
     */
    private void checkExistingTables(List<String> statements) {
        List<String> drifts = new ArrayList<>();
        for (String statement : statements) {
            String code = Statements.withoutComments(statement).strip();
            ExistingTables.drift(env, code).ifPresent(d -> drifts.add(d + "\n  in: " + firstLine(code)));
        }
        if (!drifts.isEmpty()) {
            throw new JobException(secrets.mask(String.join("\n", statements), String.join("\n\n", drifts)));
        }
    }

    private void execute(List<String> statements) {
        for (String statement : statements) {
            guard(statement, () -> env.executeSql(secrets.resolve(statement)));
        }
    }

    private List<Row> collect(String sql, TableResult result) {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = result.collect()) {
            it.forEachRemaining(rows::add);
        } catch (Exception e) {
            throw new JobException(secrets.mask(sql, "query failed: " + Causes.messages(e)));
        }
        return rows;
    }

    /** Something Flink does with a statement that may fail. */
    interface FlinkCall<T> {
        T call() throws Exception;
    }

    /** Runs {@code call} for {@code statement}: Flink's refusal as a {@link JobException} naming the statement. */
    <T> T guard(String statement, FlinkCall<T> call) {
        try {
            return call.call();
        } catch (ValidationException | org.apache.flink.table.api.SqlParserException
                | org.apache.flink.table.api.TableException e) {
            throw new JobException(secrets.mask(statement, Causes.messages(e) + "\n  in: " + firstLine(statement)));
        } catch (JobException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(secrets.mask(statement, Causes.messages(e)), e);
        }
    }

    /** The statement's first line of code (leading comments left out), and {@code ...} when more follow. */
    private static String firstLine(String statement) {
        String s = Statements.withoutComments(statement).strip();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl) + " ...";
    }

    /** The REST API of the local cluster this session's jobs run on; empty when its port is not known. */
    Optional<FlinkRest> localRest() {
        String port = env.getConfig().get(RestOptions.BIND_PORT);
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
}
