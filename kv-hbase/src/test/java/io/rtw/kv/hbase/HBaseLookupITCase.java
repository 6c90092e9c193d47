package io.rtw.kv.hbase;

import io.rtw.local.junit.HBaseExtension;
import io.rtw.local.junit.KafkaExtension;

import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A lookup join against a real HBase, probes arriving from a real Kafka topic one at a time so the test
 * controls when each lookup happens relative to an update in HBase and the cache TTL.
 */
class HBaseLookupITCase {

    @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
    @RegisterExtension static final HBaseExtension HBASE = new HBaseExtension();
    @RegisterExtension static final MiniClusterExtension FLINK = SharedMiniCluster.cluster(2);

    private static final Duration TTL = Duration.ofSeconds(6);

    private static void put(String key, String label, long count) throws Exception {
        try (Connection c = TestHBase.connect(HBASE); Table t = c.getTable(TableName.valueOf("lookup_dim"))) {
            byte[] f = Bytes.toBytes("f");
            t.put(new Put(Bytes.toBytes(key)).addColumn(f, Bytes.toBytes("label"), Bytes.toBytes(label))
                    .addColumn(f, Bytes.toBytes("cnt"), Bytes.toBytes(Long.toString(count))));
        }
    }

    @Test
    @SuppressWarnings("try") // CloseableIterator.close() may throw InterruptedException
    void lookupJoinFindsRowsByTheFullKeyAndHonoursTheCacheTtl() throws Exception {
        TestHBase.createTable(HBASE, "lookup_dim", 1);
        put("uv|app", "first", 1);
        put("pv|web", "web", 7);

        StreamTableEnvironment t = SharedMiniCluster.streaming(1, Map.of());
        t.executeSql("CREATE TABLE probes (n INT, metric STRING, channel STRING, pt AS PROCTIME()) WITH ("
                + "'connector' = 'kafka', 'topic' = 'lookup_probes', "
                + "'properties.bootstrap.servers' = '" + KAFKA.bootstrapServers() + "', "
                + "'properties.group.id' = 'lookup-it', 'scan.startup.mode' = 'earliest-offset', "
                + "'format' = 'json')");
        t.executeSql("CREATE TABLE dim (metric STRING, channel STRING, label STRING, cnt BIGINT, "
                + "PRIMARY KEY (metric, channel) NOT ENFORCED) WITH ("
                + TestHBase.with(HBASE, "lookup_dim", "lookup.cache", "PARTIAL",
                        "lookup.partial-cache.expire-after-write", TTL.toMillis() + " ms",
                        "lookup.partial-cache.max-rows", "100") + ")");
        TableResult result = t.executeSql("SELECT p.n, d.metric, d.channel, d.label, d.cnt FROM probes AS p "
                + "LEFT JOIN dim FOR SYSTEM_TIME AS OF p.pt AS d ON d.channel = p.channel AND d.metric = p.metric");

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
                CloseableIterator<Row> rows = result.collect()) {
            Probe probe = (n, metric, channel) -> {
                producer.send(new ProducerRecord<>("lookup_probes",
                        "{\"n\": " + n + ", \"metric\": \"" + metric + "\", \"channel\": \"" + channel + "\"}")).get();
                return rows.next();
            };

            Row first = probe.send(1, "uv", "app");
            long cachedAt = System.nanoTime();
            assertThat(first).isEqualTo(Row.of(1, "uv", "app", "first", 1L));
            assertThat(probe.send(2, "pv", "web")).isEqualTo(Row.of(2, "pv", "web", "web", 7L));
            assertThat(probe.send(3, "uv", "nope")).isEqualTo(Row.of(3, null, null, null, null));

            put("uv|app", "second", 2);
            Row withinTtl = probe.send(4, "uv", "app");
            Duration sinceCached = Duration.ofNanos(System.nanoTime() - cachedAt);
            assertThat(sinceCached).as("the probe within the TTL came back in time to mean anything")
                    .isLessThan(TTL.minusSeconds(1));
            assertThat(withinTtl).as("within the TTL the cached row").isEqualTo(Row.of(4, "uv", "app", "first", 1L));

            Thread.sleep(Math.max(0, TTL.plusMillis(1500).minus(Duration.ofNanos(System.nanoTime() - cachedAt))
                    .toMillis()));
            assertThat(probe.send(5, "uv", "app")).as("after the TTL the new row")
                    .isEqualTo(Row.of(5, "uv", "app", "second", 2L));
        }
    }

    /** Sends one probe to Kafka and returns the joined row it produced. */
    @FunctionalInterface
    interface Probe {
        Row send(int n, String metric, String channel) throws Exception;
    }
}
