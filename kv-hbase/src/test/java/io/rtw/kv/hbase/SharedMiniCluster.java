package io.rtw.kv.hbase;

import io.rtw.test.TestFlink;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import java.util.Map;

/**
 * A MiniCluster shared by a test class (the sink's tests restart jobs on it) and streaming environments with a bounded
 * restart strategy, over the one test harness's loopback settings ({@link TestFlink#config}).
 */
final class SharedMiniCluster {

    private SharedMiniCluster() {}

    /** A shared MiniCluster with {@code slots} slots on loopback. */
    static MiniClusterExtension cluster(int slots) {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setConfiguration(TestFlink.config(Map.of()))
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(slots)
                .build());
    }

    /** A streaming table environment with parallelism {@code p}, at most 3 restarts, plus {@code extra} settings. */
    static StreamTableEnvironment streaming(int p, Map<String, String> extra) {
        // The JVM's zone, as these tests were written for.
        Configuration conf = TestFlink.config(Map.of("table.local-time-zone", "default"));
        conf.setString("restart-strategy.type", "fixed-delay");
        conf.setString("restart-strategy.fixed-delay.attempts", "3");
        conf.setString("restart-strategy.fixed-delay.delay", "1 s");
        conf.setString("parallelism.default", Integer.toString(p));
        conf.setString("table.exec.resource.default-parallelism", Integer.toString(p));
        extra.forEach(conf::setString);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(p);
        return StreamTableEnvironment.create(env, EnvironmentSettings.newInstance().inStreamingMode()
                .withConfiguration(conf).build());
    }
}
