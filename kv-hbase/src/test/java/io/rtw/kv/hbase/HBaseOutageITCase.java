package io.rtw.kv.hbase;

import io.rtw.local.junit.HBaseExtension;

import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HBase goes away for 30 seconds in the middle of a sink run. The sink retries, gives up, the job fails over
 * and restarts from its last checkpoint until HBase is back; then it finishes and every row is there, once.
 */
class HBaseOutageITCase {

    @RegisterExtension static final HBaseExtension HBASE = new HBaseExtension();
    @RegisterExtension static final MiniClusterExtension FLINK = SharedMiniCluster.cluster(2);

    private static final int ROWS = 1500;
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    @Test
    void everyRowArrivesAfterThirtySecondsWithoutHBase() throws Exception {
        TestHBase.createTable(HBASE, "outage", 1);
        StreamTableEnvironment t = SharedMiniCluster.streaming(1, Map.of(
                "execution.checkpointing.interval", "1 s",
                "restart-strategy.type", "fixed-delay",
                "restart-strategy.fixed-delay.attempts", "200",
                "restart-strategy.fixed-delay.delay", "2 s"));
        t.executeSql("CREATE TABLE src (id BIGINT) WITH ('connector' = 'datagen', 'fields.id.kind' = 'sequence', "
                + "'fields.id.start' = '1', 'fields.id.end' = '" + ROWS + "', 'rows-per-second' = '50')");
        t.executeSql("CREATE TABLE kv (id BIGINT, v STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ("
                + TestHBase.with(HBASE, "outage", "sink.max-retries", "2", "sink.retry.initial-backoff", "200 ms",
                        "sink.retry.max-backoff", "1 s", "request-timeout", "2 s",
                        "sink.buffer-flush.interval", "200 ms") + ")");
        Instant start = Instant.now();
        TableResult result = t.executeSql("INSERT INTO kv SELECT id, CONCAT('v', CAST(id AS STRING)) FROM src");

        while (TestHBase.scan(HBASE, "outage", 1).size() < 100) {
            Thread.sleep(200);
        }
        Duration before = Duration.between(start, Instant.now());
        HBASE.stop();
        Instant down = Instant.now();
        Thread.sleep(OUTAGE.toMillis());
        Duration outage = Duration.between(down, Instant.now());
        HBASE.start();
        result.await(3, TimeUnit.MINUTES);
        System.out.printf("[HBaseOutageITCase] rows in HBase after %d ms, HBase down for %d ms (stop and start "
                + "excluded), job done %d ms after start%n", before.toMillis(), outage.toMillis(),
                Duration.between(start, Instant.now()).toMillis());

        Map<String, Map<String, String>> expected = new TreeMap<>();
        for (long id = 1; id <= ROWS; id++) {
            expected.put(Long.toString(id), Map.of("v", "v" + id));
        }
        assertThat(TestHBase.rows(HBASE, "outage", Set.of())).isEqualTo(expected);
    }
}
