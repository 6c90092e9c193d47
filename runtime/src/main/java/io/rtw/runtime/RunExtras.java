package io.rtw.runtime;

import io.rtw.meta.Project;
import io.rtw.meta.Secrets;
import io.rtw.meta.sql.CompiledTables;

import org.apache.flink.configuration.Configuration;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a kind of run adds to the steps every run takes (stream-jobs: a replay's fixed sources, the settings and the
 * Ctrl-C stop of a job that runs until stopped); {@link #NONE} for a run that adds nothing (a batch day).
 */
public interface RunExtras {

    /** A run that adds nothing. */
    RunExtras NONE = new RunExtras() {};

    /**
     * Connector options that fix the sources' extents, by meta-table, read once the servers answered and before the
     * job is compiled.
     */
    default Map<String, Map<String, String>> fixSources(Project project, Secrets secrets) {
        return Map.of();
    }

    /** Lines the run prints about what its sources read, once compiled. */
    default List<String> describe() {
        return List.of();
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
