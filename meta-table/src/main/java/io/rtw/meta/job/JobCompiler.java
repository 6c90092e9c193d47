package io.rtw.meta.job;

import io.rtw.meta.MetaTable;
import io.rtw.meta.Mode;
import io.rtw.meta.Problem;
import io.rtw.meta.Project;
import io.rtw.meta.binding.BindingFactories;
import io.rtw.meta.sql.CompiledTables;
import io.rtw.meta.sql.MetaTableCompiler;
import io.rtw.meta.sql.Statements;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compiles a job file once into a {@link CompiledJob}: the project's meta-tables for the file's mode and day, the
 * file's statements as Flink's parser reads them ({@link StatementParser}), and the checks that need both (a query
 * that is no precondition, a job without INSERT, a serving table written as its kind forbids).
 */
public final class JobCompiler {

    /** Why a job file may not create a table from a query: that runs a job of its own when the statement runs. */
    static final String CREATE_AS = "CREATE TABLE ... AS SELECT runs a job of its own each time the file starts: "
            + "create the table with CREATE TABLE IF NOT EXISTS and write it with INSERT INTO";
    private static final String DEFAULT_PREFIX = "default_catalog.default_database.";

    private final MetaTableCompiler meta;
    private final BindingFactories kinds;

    private JobCompiler(MetaTableCompiler meta, BindingFactories kinds) {
        this.meta = meta;
        this.kinds = kinds;
    }

    /** A compiler using the binding kinds on the class path. */
    public static JobCompiler create() {
        return new JobCompiler(MetaTableCompiler.create(), BindingFactories.load());
    }

    /** The binding kinds it compiles with: a run reaches each kind's hooks through the same ones. */
    public BindingFactories kinds() {
        return kinds;
    }

    /**
     * The project's meta-tables for a mode and day, for a session of queries (no job file).
     *
     * @param bounded sources are bounded streams for Flink's streaming runtime
     */
    public CompiledTables tables(Project project, Mode mode, Optional<LocalDate> bizdate, boolean bounded) {
        return meta.tables(project, mode, bizdate, bounded);
    }

    /**
     * Compiles {@code file}: its meta-tables once, then its statements as {@code parser} reads them.
     *
     * @param bounded sources are bounded streams for Flink's streaming runtime (a replay, a batch day on it)
     */
    public CompiledJob compile(Project project, JobFile file, boolean bounded, StatementParser parser) {
        CompiledTables tables = meta.tables(project, file.mode(), file.bizdate(), bounded);
        List<StatementParser.Parsed> parsed = parser.parse(tables, file);
        List<Problem> problems = new ArrayList<>(file.problems());
        List<JobStatement> statements = new ArrayList<>();
        FilePositions positions = file.positions();
        for (int i = 0; i < file.statements().size(); i++) {
            String sql = file.statements().get(i);
            StatementParser.Parsed p = parsed.get(i);
            if (p instanceof StatementParser.Parsed.Setting s) {
                statements.add(new JobStatement.Setting(sql, s.key(), s.value()));
            } else if (p instanceof StatementParser.Parsed.Definition d) {
                statements.add(new JobStatement.Definition(sql, d.what(), d.name()));
            } else if (p instanceof StatementParser.Parsed.Insert in) {
                statements.add(new JobStatement.Insert(sql, in.target(), true));
            } else if (p instanceof StatementParser.Parsed.Query) {
                JobFile.requirement(sql).ifPresentOrElse(r -> statements.add(new JobStatement.Precondition(sql, r)),
                        () -> problems.add(new Problem(positions.start(sql), "a query in a job file must be a "
                                + "precondition: put a line --#require MESSAGE before it (a batch run goes on only "
                                + "when it returns TRUE), or run it with rtw query")));
            } else if (p instanceof StatementParser.Parsed.CreateAs) {
                problems.add(new Problem(positions.start(sql), CREATE_AS));
            } else if (p instanceof StatementParser.Parsed.Other) {
                problems.add(new Problem(positions.start(sql), JobFile.notRun(sql)));
            } else if (p instanceof StatementParser.Parsed.Refused r) {
                problems.add(r.problem());
            }
        }
        List<JobStatement.Insert> inserts = statements.stream().filter(JobStatement.Insert.class::isInstance)
                .map(JobStatement.Insert.class::cast).toList();
        if (inserts.isEmpty() && problems.isEmpty()) {
            problems.add(new Problem(positions.file(), "no INSERT statement: a job writes tables with INSERT INTO, "
                    + "and this file has nothing to run"));
        }
        servingTargets(project, inserts, positions, problems);
        for (String side : tables.sideInserts()) {
            statements.add(new JobStatement.Insert(side, Statements.insertTarget(side).orElseThrow(),
                    false));
        }
        return new CompiledJob(file, tables, statements, problems);
    }

    /**
     * Refuses the INSERTs into a serving table its kind forbids: into one jobs only look rows up in (kind paimon: write
     * the table it reads instead), or after the first into one the kind needs written from one INSERT (a rate limit
     * per sink).
     */
    private void servingTargets(Project project, List<JobStatement.Insert> inserts, FilePositions positions,
            List<Problem> problems) {
        for (MetaTable t : project.tables()) {
            if (t.kv().isEmpty()) {
                continue;
            }
            var kv = t.kv().get();
            List<JobStatement.Insert> writers = inserts.stream().filter(i -> i.target().equals(DEFAULT_PREFIX
                    + t.name())).toList();
            Optional<String> instead = kinds.find(kv.kind()).flatMap(f -> f.readOnly(kv.options()));
            Optional<String> tooMany = writers.size() < 2 ? Optional.empty() : kinds.find(kv.kind())
                    .flatMap(f -> f.writersProblem(t.name(), kv.options(), writers.size()));
            for (JobStatement.Insert insert : writers) {
                int at = JobFile.target(insert.sql());
                if (instead.isPresent()) {
                    problems.add(new Problem(positions.at(insert.sql(), at), t.name() + " is read-only: a kind "
                            + kv.kind() + " kv table that jobs look rows up in; write " + instead.get() + " instead"));
                } else if (tooMany.isPresent() && insert != writers.get(0)) {
                    problems.add(new Problem(positions.at(insert.sql(), at), tooMany.get()));
                }
            }
        }
    }
}
