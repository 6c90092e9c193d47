package io.rtw.runtime;

import io.rtw.meta.Secrets;
import io.rtw.meta.job.CompiledJob;
import io.rtw.meta.job.JobCompiler;
import io.rtw.meta.job.JobFile;

import org.apache.flink.table.api.ExplainDetail;
import org.apache.flink.table.api.StatementSet;

import java.io.PrintWriter;

/**
 * The plan of the job a run would submit: a summary (what it reads, looks up and writes, how many aggregations it
 * runs, the planner's advice), then Flink's optimized execution plan, or Flink's whole EXPLAIN. The file's DDL runs as
 * in a run (its tables created if missing); nothing is submitted, no server is contacted and the preconditions are
 * not checked. A bounded replay is planned to the topic's end, without fixing offsets.
 */
public final class Explain {

    private final Secrets secrets;
    private final JobSubmitter submitter;

    /** Explains with secrets resolved from {@code secrets}. */
    public Explain(Secrets secrets) {
        this.secrets = secrets;
        this.submitter = new JobSubmitter(secrets, new PrintWriter(java.io.Writer.nullWriter()));
    }

    /**
     * The plan of {@code request}'s job.
     *
     * @param full Flink's whole EXPLAIN (syntax tree, physical plan with advice, execution plan) after the summary
     */
    public String explain(JobRequest request, boolean full) {
        JobFile file = submitter.read(request);
        CompiledJob job = submitter.compile(request, file, JobCompiler.create());
        RunOptions options = request.options();
        WarehouseSession session = WarehouseSession.forRun(job, options, RunExtras.NONE, secrets);
        Mistakes mistakes = new Mistakes(session.env(), job);
        session.define(job, mistakes, options.overrides());
        StatementSet statementSet = session.statementSet(job, mistakes);
        boolean streaming = options.streamingRuntime(request.mode());
        String explained;
        try {
            // Flink gives plan advice for its streaming runtime only.
            explained = streaming ? statementSet.explain(ExplainDetail.PLAN_ADVICE) : statementSet.explain();
        } catch (RuntimeException e) {
            throw session.refusal(job, mistakes.ofJob(e));
        }
        String heading = request.file().getFileName() + " in " + JobSubmitter.how(job, options) + ": one job of "
                + job.inserts().size() + " inserts";
        String plan = PlanSummary.of(explained).text(heading) + "\n"
                + (full ? explained : PlanSummary.executionPlan(explained));
        return secrets.mask(job.referenced(), plan);
    }
}
