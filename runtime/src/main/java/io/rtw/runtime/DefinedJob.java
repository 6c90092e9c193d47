package io.rtw.runtime;

import io.rtw.meta.job.CompiledJob;

/**
 * A compiled job whose meta-tables and definitions a run created in its session, before its inserts are planned: what
 * a kind of run checks then ({@link RunExtras#beforeInserts}), its refusals told at their place in the file as the
 * run's own are.
 *
 * @param job the job
 * @param options where and how it runs
 * @param session the session its definitions ran in, where its inserts are planned next
 */
public record DefinedJob(CompiledJob job, RunOptions options, WarehouseSession session) {

    /** Runs {@code step} for {@code statement} of the job; its refusal stops the run, told at its place in the file. */
    public void located(String statement, Runnable step) {
        // The run's own Mistakes hold nothing more: a refusal of its definitions stopped it before this.
        session.located(job, new Mistakes(session.env(), job), statement, step);
    }
}
