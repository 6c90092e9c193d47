package io.rtw.runtime;

import io.rtw.meta.Mode;
import io.rtw.meta.Project;
import io.rtw.meta.Secrets;
import io.rtw.meta.binding.BindingFactories;
import io.rtw.meta.job.CompiledJob;
import io.rtw.meta.sql.CompiledTables;

import org.apache.flink.configuration.Configuration;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a kind of run adds to the steps every run takes (stream-jobs: a replay's fixed sources, the settings and the
 * Ctrl-C stop of a job that runs until stopped; batch-jobs: a day's preconditions); {@link #NONE} for a run that adds
 * nothing.
 */
public interface RunExtras {

    /** A run that adds nothing. */
    RunExtras NONE = new RunExtras() {};

    /**
     * Connector options that fix the sources' extents, by meta-table, read once the job is compiled and its servers
     * answered, and set on it without compiling it again.
     *
     * @param kinds the binding kinds the job was compiled with
     */
    default Map<String, Map<String, String>> fixSources(Project project, BindingFactories kinds, Secrets secrets) {
        return Map.of();
    }

    /** Lines the run prints about what its sources read, once compiled. */
    default List<String> describe() {
        return List.of();
    }

    /**
     * Checks, once the job's meta-tables and definitions were created and before its inserts are planned, that the run
     * may go on; throws a {@link JobException} when it may not. A run that checks nothing refuses a batch job with
     * preconditions rather than submit it unchecked: a batch day's run checks them.
     */
    default void beforeInserts(DefinedJob defined) {
        CompiledJob job = defined.job();
        if (job.file().mode() == Mode.BATCH && !job.preconditions().isEmpty()) {
            throw new JobException(job.file().path() + ": a batch job with --#require preconditions runs as a batch "
                    + "day, which checks them (rtw run --mode batch); nothing was submitted");
        }
    }

    /** Flink settings of this kind of run, over rtw's defaults and under the user's {@code -D}. */
    default void configure(Configuration conf, CompiledTables tables) {}

    /**
     * Something that stands by while the run waits for its job (a Ctrl-C handler, say), or nothing.
     *
     * @param jobId the submitted job
     * @param rest the REST API of the cluster it runs on, when known
     */
    default Optional<Waiting> whileWaiting(String jobId, Optional<FlinkRest> rest, Project project) {
        return Optional.empty();
    }

    /** Called once the job finished. */
    default void finished() {}

    /** What stands by while a run waits: closed when the wait ends; the savepoint its job was stopped with, if any. */
    interface Waiting extends AutoCloseable {

        /** The savepoint the job was stopped with, to resume from. */
        Optional<String> savepoint();

        @Override
        void close();
    }
}
