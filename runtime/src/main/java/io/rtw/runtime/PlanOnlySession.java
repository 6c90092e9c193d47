package io.rtw.runtime;

import io.rtw.meta.Project;
import io.rtw.meta.Secrets;
import io.rtw.meta.job.CompiledJob;
import io.rtw.meta.job.JobCompiler;
import io.rtw.meta.job.JobFile;
import io.rtw.meta.job.JobStatement;
import io.rtw.meta.job.StatementParser;
import io.rtw.meta.sql.CompiledTables;

import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.operations.CreateTableASOperation;
import org.apache.flink.table.operations.ModifyOperation;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.QueryOperation;
import org.apache.flink.table.operations.ReplaceTableAsOperation;
import org.apache.flink.table.operations.SinkModifyOperation;
import org.apache.flink.table.operations.UseOperation;
import org.apache.flink.table.operations.command.ResetOperation;
import org.apache.flink.table.operations.command.SetOperation;
import org.apache.flink.table.operations.ddl.CreateCatalogFunctionOperation;
import org.apache.flink.table.operations.ddl.CreateCatalogOperation;
import org.apache.flink.table.operations.ddl.CreateDatabaseOperation;
import org.apache.flink.table.operations.ddl.CreateTableOperation;
import org.apache.flink.table.operations.ddl.CreateTempSystemFunctionOperation;
import org.apache.flink.table.operations.ddl.CreateViewOperation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Reads a job's statements with Flink's own parser, without servers and without side effects: the parser a job is
 * compiled with ({@link StatementParser}). Every catalog is an empty in-memory stand-in that takes the tables the
 * meta-tables, the batch sides, the project's other job files and this file declare; Paimon tables are planned and
 * never read; Kafka and serving tables are planned with their connectors, which contact nothing when planned. What
 * the parser reads is applied to the stand-ins, so the statements after it can be read.
 */
final class PlanOnlySession implements StatementParser {

    private final RunOptions options;
    private final Secrets secrets;
    private final List<Path> siblings;
    private TableEnvironment env;
    private WarehouseSession session;

    /**
     * @param siblings the project's other job files: the catalog tables and databases they create exist for this one
     *     (their own problems are told when they are checked)
     */
    PlanOnlySession(RunOptions options, Secrets secrets, List<Path> siblings) {
        this.options = options;
        this.secrets = secrets;
        this.siblings = List.copyOf(siblings);
    }

    /** The project's job files but {@code file}: those below its {@code jobs} directory. */
    static List<Path> siblings(Project project, Path file) {
        Path jobs = project.dir().resolve("jobs");
        if (!Files.isDirectory(jobs)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(jobs)) {
            Path self = file.toAbsolutePath().normalize();
            return files.filter(f -> f.toString().endsWith(".sql") && !f.toAbsolutePath().normalize().equals(self))
                    .sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * The job of {@code request}'s {@code file} compiled by {@code compiler} for the request's mode, its statements
     * read here: how a run and a check compile alike.
     */
    CompiledJob compile(JobCompiler compiler, JobRequest request, JobFile file) {
        return compiler.compile(request.project(), file, request.options().boundedSources(request.mode()), this);
    }

    @Override
    public List<Parsed> parse(CompiledTables tables, JobFile file) {
        // The batch runtime reads every table to its end, as a bounded stream run does.
        boolean bounded = tables.bounded() || !options.streamingRuntime(tables.mode());
        env = WarehouseSession.environment(options.configuration(tables, file.path().getFileName().toString(),
                RunExtras.NONE), options.streamingRuntime(tables.mode()), tables.project(), secrets);
        // Catalogs first, then the tables the batch sides read, then the meta-tables' tables and views.
        List<String> ddl = new ArrayList<>(tables.catalogs());
        ddl.addAll(PlanOnlyTables.batchTables(tables.project()));
        ddl.addAll(tables.tables());
        session = new WarehouseSession(env, secrets);
        for (String statement : ddl) {
            session.guard(statement, () -> {
                internal().getParser().parse(secrets.resolve(statement)).forEach(op -> standIn(op, bounded));
                return null;
            });
        }
        for (Path sibling : siblings) {
            declareCatalogTables(tables, sibling, bounded);
        }
        Mistakes mistakes = new Mistakes(env, file, tables.project());
        List<String> statements = file.statements();
        Parsed[] out = new Parsed[statements.size()];
        // In the order a run runs them: the definitions, then the queries, then the inserts.
        List<Integer> order = IntStream.range(0, statements.size()).boxed()
                .sorted(Comparator.comparingInt(i -> JobFile.stage(statements.get(i)))).toList();
        for (int i : order) {
            String statement = statements.get(i);
            if (!JobFile.unsetSecrets(statement, secrets).isEmpty()) {
                // Its problem was told; what it creates is missing for the statements after it.
                mistakes.skipped(statement);
                out[i] = new Parsed.Unread();
                continue;
            }
            try {
                out[i] = read(statement, bounded);
            } catch (RuntimeException e) {
                out[i] = mistakes.of(statement, e).<Parsed>map(Parsed.Refused::new).orElse(new Parsed.Unread());
            }
        }
        return List.of(out);
    }

    /** The stand-ins the statements were read in, once {@link #parse} ran: a check plans on in them. */
    WarehouseSession session() {
        return session;
    }

    /** What {@code statement} is; what it creates is created among the stand-ins. */
    private Parsed read(String statement, boolean bounded) {
        List<Operation> operations = internal().getParser().parse(secrets.resolve(statement));
        Operation op = operations.get(0);
        if (op instanceof CreateTableASOperation || op instanceof ReplaceTableAsOperation) {
            return new Parsed.CreateAs();
        }
        if (op instanceof SetOperation set && set.getKey().isPresent()) {
            if (!options.overrides().containsKey(set.getKey().get())) {
                env.getConfig().set(set.getKey().get(), set.getValue().orElse(""));
            }
            return new Parsed.Setting(set.getKey().get(), Optional.of(set.getValue().orElse("")));
        }
        if (op instanceof ResetOperation reset && reset.getKey().isPresent()) {
            if (!options.overrides().containsKey(reset.getKey().get())) {
                env.getConfig().getConfiguration().removeKey(reset.getKey().get());
            }
            return new Parsed.Setting(reset.getKey().get(), Optional.empty());
        }
        if (op instanceof SinkModifyOperation sink) {
            return new Parsed.Insert(sink.getContextResolvedTable().getIdentifier().asSummaryString());
        }
        if (op instanceof ModifyOperation) {
            return new Parsed.Other();
        }
        if (op instanceof QueryOperation) {
            return new Parsed.Query();
        }
        Optional<Parsed.Definition> definition = definition(op);
        definition.ifPresent(d -> standIn(op, bounded));
        return definition.<Parsed>map(d -> d).orElse(new Parsed.Other());
    }

    /** What a CREATE or USE operation defines, by name; empty for any other. */
    private static Optional<Parsed.Definition> definition(Operation op) {
        JobStatement.What what;
        String name;
        if (op instanceof CreateCatalogOperation c) {
            what = JobStatement.What.CATALOG;
            name = c.getCatalogName();
        } else if (op instanceof CreateDatabaseOperation d) {
            what = JobStatement.What.DATABASE;
            name = d.getCatalogName() + "." + d.getDatabaseName();
        } else if (op instanceof CreateTableOperation t) {
            what = JobStatement.What.TABLE;
            name = t.getTableIdentifier().asSummaryString();
        } else if (op instanceof CreateViewOperation v) {
            what = JobStatement.What.VIEW;
            name = v.getViewIdentifier().asSummaryString();
        } else if (op instanceof CreateCatalogFunctionOperation f) {
            what = JobStatement.What.FUNCTION;
            name = f.getFunctionIdentifier().asSummaryString();
        } else if (op instanceof CreateTempSystemFunctionOperation f) {
            what = JobStatement.What.FUNCTION;
            name = f.getFunctionName();
        } else if (op instanceof UseOperation) {
            what = JobStatement.What.USE;
            name = op.asSummaryString();
        } else {
            return Optional.empty();
        }
        return Optional.of(new Parsed.Definition(what, name));
    }

    /**
     * Creates in the stand-ins the catalog databases and tables another job file of the project creates; a file that
     * cannot be read, or whose table cannot be created, declares nothing (its check says why).
     */
    private void declareCatalogTables(CompiledTables tables, Path sibling, boolean bounded) {
        JobFile other;
        try {
            other = JobFile.read(tables.project(), sibling, tables.mode(), tables.bizdate(), secrets);
        } catch (RuntimeException e) {
            return;
        }
        for (String statement : other.statements()) {
            if (!JobFile.unsetSecrets(statement, secrets).isEmpty()) {
                continue;
            }
            try {
                for (Operation op : internal().getParser().parse(secrets.resolve(statement))) {
                    if (op instanceof CreateCatalogOperation || op instanceof CreateDatabaseOperation
                            || op instanceof CreateTableOperation t && !t.isTemporary()) {
                        standIn(op, bounded);
                    }
                }
            } catch (RuntimeException e) {
                // Not a statement that creates a catalog table, or one that cannot be read here.
            }
        }
    }

    /**
     * Runs an operation against stand-ins: a catalog is created as an empty in-memory one of plan-only tables, a
     * Paimon table becomes a plan-only table with its schema; anything else runs as written (temporary tables and
     * views, and catalog tables, live in memory then).
     */
    private void standIn(Operation op, boolean bounded) {
        if (op instanceof CreateCatalogOperation c) {
            if (env.getCatalog(c.getCatalogName()).isEmpty()) {
                env.registerCatalog(c.getCatalogName(), PlanOnlyTables.catalog(c.getCatalogName(), bounded));
            }
        } else if (op instanceof CreateTableOperation t && "paimon".equals(t.getCatalogTable().getOptions()
                .get("connector"))) {
            String bound = t.getCatalogTable().getOptions().getOrDefault("scan.bounded", String.valueOf(bounded));
            internal().executeInternal(new CreateTableOperation(t.getTableIdentifier(), PlanOnlyTables.standIn(
                    t.getCatalogTable(), Boolean.parseBoolean(bound)), t.isIgnoreIfExists(), t.isTemporary()));
        } else {
            internal().executeInternal(op);
        }
    }

    private TableEnvironmentInternal internal() {
        return (TableEnvironmentInternal) env;
    }
}
