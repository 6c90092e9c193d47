package io.rtw.stream;

import io.rtw.meta.Project;
import io.rtw.meta.sql.CompiledTables;
import io.rtw.runtime.FlinkRest;
import io.rtw.runtime.RunExtras;
import io.rtw.runtime.RunOptions;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;

/**
 * A stream job that runs until it is stopped: it checkpoints and keeps restarting, and on this machine Ctrl-C stops it
 * with a savepoint to resume from ({@link LocalStop}).
 */
final class UntilStopped implements RunExtras {

    private final PrintWriter progress;

    UntilStopped(PrintWriter progress) {
        this.progress = progress;
    }

    @Override
    public void configure(Configuration conf, CompiledTables tables) {
        // A stream job runs for days: it keeps restarting, backing off to a minute between attempts, and the backoff
        // starts over after an hour without failure. A fixed budget would be spent by one TaskManager loss: Paimon
        // fails each sink once more after restoring its committables (docs/cli.md).
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofSeconds(1));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, Duration.ofMinutes(1));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER, 2.0);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD, Duration.ofHours(1));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR, 0.1);
        // A cancelled job keeps its last checkpoint, to resume from with --from-savepoint.
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        // Runs that end do not checkpoint: their Paimon sinks then commit once, when all input has ended, and a
        // failure restarts the run from its first offsets with nothing committed. Checkpoints would expose Paimon's
        // end-of-input commit, which loses the last data of one writer when a checkpoint completes between two
        // writers' ends (apache/paimon#9236; docs/cli.md).
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(10));
    }

    /** On the local cluster, Ctrl-C stops the job with a savepoint into the project's savepoints.dir (else below its home). */
    @Override
    public Optional<Waiting> whileWaiting(String jobId, Optional<FlinkRest> rest, Project project) {
        Optional<String> savepoints = RunOptions.stateDirectory(project, "savepoints");
        return rest.isPresent() && savepoints.isPresent() ? Optional.of(LocalStop.install(jobId, rest.get(),
                savepoints.get(), progress)) : Optional.empty();
    }
}
