package io.rtw.batch;

import io.rtw.meta.Mode;
import io.rtw.meta.Secrets;
import io.rtw.meta.job.CompiledJob;
import io.rtw.meta.job.JobStatement;
import io.rtw.runtime.DefinedJob;
import io.rtw.runtime.JobException;
import io.rtw.runtime.JobRequest;
import io.rtw.runtime.JobSubmitter;
import io.rtw.runtime.RunExtras;
import io.rtw.runtime.RunOptions;
import io.rtw.runtime.WarehouseSession;

import org.apache.flink.types.Row;

import java.io.PrintWriter;
import java.util.List;

/**
 * The run of a batch job for one business day: the runtime's steps, gated by the file's preconditions
 * ({@code --#require} queries), each of which must return TRUE over the day's sources before any insert is submitted.
 */
public final class BatchDay implements RunExtras {

    private final Secrets secrets;

    /** A day whose preconditions resolve secrets from {@code secrets}. */
    BatchDay(Secrets secrets) {
        this.secrets = secrets;
    }

    /**
     * Runs {@code request}'s batch job for its business day.
     *
     * @param progress receives the run's progress lines
     */
    public static JobSubmitter.Outcome run(JobRequest request, Secrets secrets, PrintWriter progress) {
        if (request.mode() != Mode.BATCH) {
            throw new JobException("a batch day runs batch jobs; use --mode batch");
        }
        return new JobSubmitter(secrets, progress).run(request, new BatchDay(secrets));
    }

    /**
     * Checks each precondition, a query for one BOOLEAN value that must return TRUE, before any insert is submitted;
     * the batch runtime answers them as a single row, over the sources the run reads. One that is no such query is
     * refused at its place in the file.
     */
    @Override
    public void beforeInserts(DefinedJob defined) {
        CompiledJob job = defined.job();
        if (job.preconditions().isEmpty()) {
            return;
        }
        RunOptions options = defined.options();
        WarehouseSession session = defined.session();
        // Preconditions always use the batch runtime: on the streaming one an aggregate answers with its changes, not
        // one row. A batch session over the run's compiled tables reads the same sources.
        WarehouseSession queries = options.streamingRuntime(Mode.BATCH) ? WarehouseSession.forQueries(job.tables(),
                options, secrets, job.file().path().getFileName().toString()) : session;
        for (JobStatement.Precondition precondition : job.preconditions()) {
            defined.located(precondition.sql(), () -> session.requireOneBoolean(precondition.sql()));
            List<Row> rows = queries.rows(secrets.resolve(precondition.sql()));
            boolean holds = rows.size() == 1 && rows.get(0).getArity() == 1
                    && Boolean.TRUE.equals(rows.get(0).getField(0));
            if (!holds) {
                throw new JobException(job.file().path() + ": precondition not met: " + precondition.requirement());
            }
        }
    }
}
