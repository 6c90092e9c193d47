package io.rtw.kv.hbase;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import java.util.Map;

/** A Flink MiniCluster bound to 127.0.0.1 and table environments with a bounded restart strategy. */
final class TestFlink {

    private TestFlink() {}

    /** A shared MiniCluster with {@code slots} slots on loopback. */
    static MiniClusterExtension cluster(int slots) {
        Configuration conf = new Configuration();
        for (String key : new String[] {"rest.bind-address", "rest.address", "jobmanager.bind-host",
                "jobmanager.rpc.address", "taskmanager.bind-host", "taskmanager.host"}) {
            conf.setString(key, "127.0.0.1");
        }
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setConfiguration(conf)
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(slots)
                .build());
    }

    /** A streaming table environment with parallelism {@code p}, at most 3 restarts, plus {@code extra} settings. */
    static StreamTableEnvironment streaming(int p, Map<String, String> extra) {
        Configuration conf = new Configuration();
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
