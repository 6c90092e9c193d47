package io.rtw.test;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The one Flink harness of the tests: loopback-only MiniClusters that fail fast, and reading results back. */
public final class TestFlink {

    private TestFlink() {}

    /**
     * Every address on 127.0.0.1, no restarts (a failing function fails the job at once; a restart would also break
     * {@code collect()}), parallelism 1, days cut in Asia/Shanghai; {@code extra} wins.
     */
    public static Configuration config(Map<String, String> extra) {
        Configuration conf = new Configuration();
        for (String key : List.of("rest.bind-address", "rest.address", "jobmanager.bind-host", "jobmanager.rpc.address",
                "taskmanager.bind-host", "taskmanager.host")) {
            conf.setString(key, "127.0.0.1");
        }
        conf.setString("restart-strategy.type", "none");
        conf.setString("parallelism.default", "1");
        conf.setString("table.local-time-zone", "Asia/Shanghai");
        extra.forEach(conf::setString);
        return conf;
    }

    /** A table environment on a local MiniCluster of {@link #config}, streaming or batch. */
    public static TableEnvironment env(boolean streaming, Map<String, String> extra) {
        EnvironmentSettings.Builder settings = EnvironmentSettings.newInstance().withConfiguration(config(extra));
        return TableEnvironment.create((streaming ? settings.inStreamingMode() : settings.inBatchMode()).build());
    }

    /** A batch environment with the Paimon warehouse at {@code warehouse} as catalog {@code paimon}. */
    public static TableEnvironment warehouse(Path warehouse) {
        TableEnvironment env = env(false, Map.of());
        env.executeSql("CREATE CATALOG paimon WITH ('type' = 'paimon', 'warehouse' = 'file://" + warehouse + "')");
        return env;
    }

    /** The rows of {@code sql}, as text and sorted. */
    public static List<String> rows(TableEnvironment env, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (CloseableIterator<Row> it = env.executeSql(sql).collect()) {
            it.forEachRemaining(r -> out.add(r.toString()));
        }
        out.sort(null);
        return out;
    }
}
