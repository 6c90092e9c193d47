package io.rtw.kv.hbase;

import io.rtw.meta.Causes;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;

import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where an HBase table is and how the client talks to it. The client is set to fail an operation after
 * {@code requestTimeout} with few internal retries (HBase's default keeps retrying for minutes), so the
 * connector's own backoff and Flink's failover decide what happens during an outage.
 *
 * @param tableName HBase table name
 * @param quorum ZooKeeper quorum, host:port[,host:port...]
 * @param znodeParent HBase's root znode
 * @param requestTimeout how long one operation may take
 * @param properties HBase client settings given with the {@code properties.} prefix (prefix removed); they
 *     win over everything above
 */
record ConnectionConfig(String tableName, String quorum, String znodeParent, Duration requestTimeout,
        Map<String, String> properties) implements Serializable {

    private static final long serialVersionUID = 1L;

    ConnectionConfig {
        properties = new LinkedHashMap<>(properties);
    }

    /**
     * Why an HBase client call failed, in one line: the innermost cause as {@code SimpleName: first line} (the
     * client nests every attempt's exception into its message).
     */
    static String why(Throwable e) {
        Throwable cause = Causes.root(e);
        return cause.getClass().getSimpleName() + ": " + String.valueOf(cause.getMessage()).lines().findFirst()
                .orElse("");
    }

    /** The client configuration for a one-off call from the command line: one attempt per operation. */
    Configuration oneAttempt() {
        Configuration conf = hbaseConfiguration();
        conf.setInt("hbase.client.retries.number", 1);
        return conf;
    }

    /** The HBase client configuration. */
    Configuration hbaseConfiguration() {
        Configuration conf = HBaseConfiguration.create();
        conf.set("hbase.zookeeper.quorum", quorum);
        conf.set("zookeeper.znode.parent", znodeParent);
        long timeout = Math.max(1000, requestTimeout.toMillis());
        conf.setLong("hbase.client.operation.timeout", timeout);
        conf.setLong("hbase.client.meta.operation.timeout", timeout);
        conf.setLong("hbase.rpc.timeout", Math.max(500, timeout / 2));
        conf.setInt("hbase.client.retries.number", 3);
        conf.setLong("hbase.client.pause", 100);
        conf.setInt("zookeeper.recovery.retry", 1);
        conf.setInt("zookeeper.session.timeout", (int) Math.max(5000, timeout));
        properties.forEach(conf::set);
        return conf;
    }
}
