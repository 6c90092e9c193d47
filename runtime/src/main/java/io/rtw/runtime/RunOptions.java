package io.rtw.runtime;

import io.rtw.meta.Mode;
import io.rtw.meta.Project;
import io.rtw.meta.sql.CompiledTables;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.table.api.config.ExecutionConfigOptions;
import org.apache.flink.table.api.config.TableConfigOptions;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a job runs: where, whether its stream sources stop at what exists when it starts, the savepoint it starts from,
 * and the user's Flink settings ({@code -D key=value}), which win over every setting rtw makes. rtw's own settings are
 * Flink's typed {@code ConfigOption}s, each with its reason beside it.
 *
 * @param target where the job runs
 * @param bounded stream sources stop at what exists at start, so a stream run finishes (without checkpoints)
 * @param savepoint a savepoint or retained checkpoint to start from
 * @param overrides Flink configuration overrides ({@code -D key=value}), applied last
 */
public record RunOptions(Target target, boolean bounded, Optional<String> savepoint, Map<String, String> overrides) {

    /** Copies the overrides, keeping their order. */
    public RunOptions {
        overrides = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    }

    /** A run on a local MiniCluster with these overrides. */
    public static RunOptions local(Map<String, String> overrides) {
        return new RunOptions(Target.local(), false, Optional.empty(), overrides);
    }

    /**
     * Whether a job of {@code mode} runs on Flink's streaming runtime: stream jobs do, and batch jobs by default over
     * bounded sources, where window aggregations share slices (a day's CUMULATE adds each record to one minute's slice
     * and merges slices as windows fire, while the batch runtime copies each record into every window containing it,
     * up to 1,440 per day). {@code -D execution.runtime-mode=batch} picks the batch runtime.
     */
    public boolean streamingRuntime(Mode mode) {
        return mode == Mode.STREAM || !RuntimeExecutionMode.BATCH.name().equalsIgnoreCase(
                overrides.get(ExecutionOptions.RUNTIME_MODE.key()));
    }

    /** Whether a job's sources are bounded streams: a stream replay's, or a batch day's on the streaming runtime. */
    public boolean boundedSources(Mode mode) {
        return mode == Mode.STREAM ? bounded : streamingRuntime(mode);
    }

    /** Whether a run of {@code mode} ends by itself: a batch day, a bounded replay. */
    public boolean ends(Mode mode) {
        return mode == Mode.BATCH || bounded;
    }

    /** The warning for a run that ends when {@code -D} turns checkpoints on. */
    public Optional<String> checkpointWarning(Mode mode) {
        String interval = CheckpointingOptions.CHECKPOINTING_INTERVAL.key();
        return ends(mode) && overrides.containsKey(interval) ? Optional.of("warning: checkpoints in a run that ends "
                + "(-D " + interval + "): a Paimon sink can lose the last data of one writer at the end of input "
                + "(apache/paimon#9236); leave it unset") : Optional.empty();
    }

    /**
     * The directory of a stream job's {@code kind} ("checkpoints" or "savepoints"): the project's variable
     * {@code KIND.dir}, else {@code file://RTW_HOME/KIND}; empty for a project without either.
     */
    public static Optional<String> stateDirectory(Project project, String kind) {
        return project.variables().get(kind + ".dir").filter(d -> !d.isBlank())
                .or(() -> project.variables().get("rtw.home").map(home -> "file://" + home + "/" + kind));
    }

    /**
     * The Flink configuration of a job of {@code tables}' mode and day named {@code name} (its file's name): rtw's
     * documented defaults, then the settings of {@code extras} (a kind of run's own), then the overrides.
     */
    public Configuration configuration(CompiledTables tables, String name, RunExtras extras) {
        Mode mode = tables.mode();
        Configuration conf = new Configuration();
        conf.set(TableConfigOptions.LOCAL_TIME_ZONE, tables.project().timeZone().getId());
        conf.set(PipelineOptions.NAME, "rtw " + name + " [" + mode.id() + "]"
                + tables.bizdate().map(d -> " " + d).orElse(""));
        // Stable operator uids, so a job restarts from its savepoints after a redeploy.
        conf.set(ExecutionConfigOptions.TABLE_EXEC_UID_GENERATION, ExecutionConfigOptions.UidGeneration.ALWAYS);
        // Chained operators hand rows on without a defensive copy: no operator of a job (Flink's, Paimon's, rtw's
        // functions and sinks) changes or keeps a row it was given. ~30% more events/s (docs/benchmarks.md, run 6).
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        if (ends(mode)) {
            // A run that ends (a batch day, a bounded replay) fails for good after ten quick attempts.
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 10);
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(2));
        }
        if (mode == Mode.STREAM) {
            conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
            conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
            // Where the project says (checkpoints.dir / savepoints.dir: shared storage such as hdfs:// in
            // production, docs/deploy.md), else below the project's home on this machine.
            stateDirectory(tables.project(), "checkpoints").ifPresent(dir -> {
                conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
                conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir);
            });
            // Only a savepoints.dir the project names: else a cluster's jobs keep the cluster's own default.
            tables.project().variables().get("savepoints.dir").filter(d -> !d.isBlank())
                    .ifPresent(dir -> conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, dir));
            conf.set(ExecutionConfigOptions.TABLE_EXEC_SOURCE_IDLE_TIMEOUT, Duration.ofSeconds(30));
        }
        if (target.isLocal()) {
            for (var address : List.of(RestOptions.BIND_ADDRESS, RestOptions.ADDRESS, JobManagerOptions.BIND_HOST,
                    JobManagerOptions.ADDRESS, TaskManagerOptions.BIND_HOST, TaskManagerOptions.HOST)) {
                conf.set(address, "127.0.0.1");
            }
            conf.set(RestOptions.BIND_PORT, "0");
            conf.set(CoreOptions.DEFAULT_PARALLELISM, 2);
        } else if (!target.isInCluster()) {
            conf.set(DeploymentOptions.TARGET, "remote");
            conf.set(RestOptions.ADDRESS, target.host().orElseThrow());
            conf.set(RestOptions.PORT, target.port());
            // The cluster has Flink; the job takes along the client's jars the cluster lacks (docs/cli.md).
            List<String> jars = ClusterJars.forCluster(target.host().get(), target.port());
            if (!jars.isEmpty()) {
                conf.set(PipelineOptions.JARS, jars);
            }
        }
        savepoint.ifPresent(s -> conf.set(StateRecoveryOptions.SAVEPOINT_PATH, s));
        extras.configure(conf, tables);
        conf.addAll(Configuration.fromMap(overrides));
        return conf;
    }
}
