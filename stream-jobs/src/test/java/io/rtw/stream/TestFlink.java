package io.rtw.stream;

import io.rtw.meta.Mode;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Flink for this module's tests: loopback-only environments and reading a Paimon warehouse back. */
final class TestFlink {

    private TestFlink() {}

    /** A table environment on a local MiniCluster bound to 127.0.0.1, failing fast, Shanghai days. */
    static TableEnvironment env(Mode mode) {
        Configuration conf = new Configuration();
        conf.setString("rest.bind-address", "127.0.0.1");
        conf.setString("rest.address", "127.0.0.1");
        conf.setString("jobmanager.bind-host", "127.0.0.1");
        conf.setString("jobmanager.rpc.address", "127.0.0.1");
        conf.setString("taskmanager.bind-host", "127.0.0.1");
        conf.setString("taskmanager.host", "127.0.0.1");
        conf.setString("restart-strategy.type", "none");
        conf.setString("parallelism.default", "1");
        conf.setString("execution.checkpointing.interval", "1 s");
        conf.setString("table.local-time-zone", "Asia/Shanghai");
        EnvironmentSettings.Builder s = EnvironmentSettings.newInstance().withConfiguration(conf);
        return TableEnvironment.create(mode == Mode.STREAM ? s.inStreamingMode().build() : s.inBatchMode().build());
    }

    /** The rows of {@code sql}, as text and sorted. */
    static List<String> rows(TableEnvironment env, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (CloseableIterator<Row> it = env.executeSql(sql).collect()) {
            it.forEachRemaining(r -> out.add(r.toString()));
        }
        out.sort(null);
        return out;
    }

    /** A batch environment with the Paimon warehouse at {@code warehouse} as catalog {@code paimon}. */
    static TableEnvironment warehouse(Path warehouse) {
        TableEnvironment env = env(Mode.BATCH);
        env.executeSql("CREATE CATALOG paimon WITH ('type' = 'paimon', 'warehouse' = 'file://" + warehouse + "')");
        return env;
    }
}
