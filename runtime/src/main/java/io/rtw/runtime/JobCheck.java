package io.rtw.runtime;

import io.rtw.meta.DefinitionException;
import io.rtw.meta.Problem;
import io.rtw.meta.Secrets;
import io.rtw.meta.job.CompiledJob;
import io.rtw.meta.job.JobCompiler;
import io.rtw.meta.job.JobFile;
import io.rtw.meta.job.JobStatement;

import org.apache.flink.table.api.StatementSet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every problem of a job file in a mode, each located in the file, found by compiling and planning the job as a run
 * would, without servers and without side effects ({@link PlanOnlySession}). Nothing is submitted; preconditions are
 * planned, not run. No problem when a run would submit the job (servers and preconditions permitting).
 */
public final class JobCheck {

    private final Secrets secrets;

    /** Checks with secrets resolved from {@code secrets}; a problem never shows a resolved value. */
    public JobCheck(Secrets secrets) {
        this.secrets = secrets;
    }

    /** What {@link #check} found: every problem, located, and what the file holds ({@code 4 inserts, 2 views, ...}). */
    public record Checked(List<Problem> problems, String summary) {}

    /**
     * Checks {@code request}'s file.
     *
     * @param siblings the project's other job files: the catalog tables and databases they create exist for this one
     *     (their own problems are told when they are checked)
     */
    public Checked check(JobRequest request, List<Path> siblings) {
        JobFile file;
        try {
            file = JobFile.read(request.project(), request.file(), request.mode(), request.bizdate(), secrets);
        } catch (DefinitionException e) {
            return new Checked(e.problems(), "");
        }
        PlanOnlySession standIns = new PlanOnlySession(request.options(), secrets, siblings);
        CompiledJob job = standIns.compile(JobCompiler.create(), request, file);
        List<Problem> problems = new ArrayList<>(job.problems());
        WarehouseSession session = standIns.session();
        Mistakes mistakes = new Mistakes(session.env(), job);
        for (JobStatement.Precondition precondition : job.preconditions()) {
            attempt(problems, mistakes, precondition.sql(), () -> session.requireOneBoolean(precondition.sql()));
        }
        StatementSet statementSet = session.env().createStatementSet();
        int planned = problems.size();
        for (JobStatement.Insert insert : job.inserts()) {
            if (JobFile.unsetSecrets(insert.sql(), secrets).isEmpty()) {
                attempt(problems, mistakes, insert.sql(), () -> statementSet.addInsertSql(secrets.resolve(insert.sql())));
            }
        }
        if (problems.size() == planned) {
            try {
                statementSet.explain();
            } catch (RuntimeException e) {
                problems.add(mistakes.ofJob(e));
            }
        }
        String sql = job.referenced();
        return new Checked(problems.stream().map(p -> new Problem(p.location(), secrets.mask(sql, p.message())))
                .toList(), job.summary());
    }

    /** Runs {@code step} for {@code statement}, adding its refusal to {@code problems} unless it follows from one. */
    private static void attempt(List<Problem> problems, Mistakes mistakes, String statement, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            mistakes.of(statement, e).ifPresent(problems::add);
        }
    }
}
