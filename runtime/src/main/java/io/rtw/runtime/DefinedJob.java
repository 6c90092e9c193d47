package io.rtw.runtime;

import io.rtw.meta.job.CompiledJob;

/**
 * A compiled job whose meta-tables and definitions a run created in its session, before its inserts are planned: what
 * a kind of run checks then ({@link RunExtras#beforeInserts}), its refusals told at their place in the file as the
 * run's own are.
 */
public final class DefinedJob {

    private final CompiledJob job;
    private final RunOptions options;
    private final WarehouseSession session;
    private final Mistakes mistakes;

    DefinedJob(CompiledJob job, RunOptions options, WarehouseSession session, Mistakes mistakes) {
        this.job = job;
        this.options = options;
        this.session = session;
        this.mistakes = mistakes;
    }

    /** The job. */
    public CompiledJob job() {
        return job;
    }

    /** Where and how it runs. */
    public RunOptions options() {
        return options;
    }

    /** The session its definitions ran in, where its inserts are planned next. */
    public WarehouseSession session() {
        return session;
    }

    /** Runs {@code step} for {@code statement} of the job; its refusal stops the run, told at its place in the file. */
    public void located(String statement, Runnable step) {
        session.located(job, mistakes, statement, step);
    }
}
