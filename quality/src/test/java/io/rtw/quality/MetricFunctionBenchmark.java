package io.rtw.quality;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The same Flink query with and without {@code rtw_metric} around its value, in one run (docs/benchmarks.md):
 * a bounded datagen source of {@code rows} rows through a projection into a blackhole sink, batch mode, parallelism 1,
 * each invocation one whole job on a local MiniCluster.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MetricFunctionBenchmark {

    @Param({"3000000"})
    public long rows;

    private TableEnvironment env;
    private Path dir;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("rtw-metric-bench");
        Configuration conf = new Configuration();
        for (String key : List.of("rest.bind-address", "rest.address", "jobmanager.bind-host", "jobmanager.rpc.address",
                "taskmanager.bind-host", "taskmanager.host")) {
            conf.setString(key, "127.0.0.1");
        }
        conf.setString("parallelism.default", "1");
        env = TableEnvironment.create(EnvironmentSettings.newInstance().withConfiguration(conf).inBatchMode().build());
        env.createTemporarySystemFunction(MetricFunction.NAME, new MetricFunction("file://" + dir.resolve("warehouse"),
                "quality", "metrics", 1000));
        env.executeSql("CREATE TEMPORARY TABLE src (v BIGINT) WITH ('connector' = 'datagen', "
                + "'rows-per-second' = '1000000000', 'number-of-rows' = '" + rows + "', 'fields.v.kind' = 'random', 'fields.v.min' = '0', 'fields.v.max' = '1000000')");
        env.executeSql("CREATE TEMPORARY TABLE sink (v BIGINT) WITH ('connector' = 'blackhole')");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The query without the function. */
    @Benchmark
    public void baseline() throws Exception {
        env.executeSql("INSERT INTO sink SELECT v + 1 FROM src").await();
    }

    /** The same query recording every value with rtw_metric. */
    @Benchmark
    public void withMetric() throws Exception {
        env.executeSql("INSERT INTO sink SELECT rtw_metric('v', v + 1) FROM src").await();
    }
}
