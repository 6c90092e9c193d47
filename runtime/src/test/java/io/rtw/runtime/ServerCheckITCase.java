package io.rtw.runtime;

import io.rtw.connector.kafka.KafkaLines;
import io.rtw.kv.hbase.HBaseBindingFactory;
import io.rtw.kv.hbase.HBaseTables;
import io.rtw.local.junit.HBaseExtension;
import io.rtw.local.junit.KafkaExtension;
import io.rtw.meta.Mode;
import io.rtw.meta.Project;
import io.rtw.meta.Secrets;
import io.rtw.connector.kafka.KafkaBindingFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The checks of a run's servers against a real Kafka and HBase: a topic or table that is missing, a server that
 * does not answer, a secret kept out of the message, and a local run refused before it creates anything.
 */
class ServerCheckITCase {

    @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
    @RegisterExtension static final HBaseExtension HBASE = new HBaseExtension();

    private static final Secrets NONE = Secrets.of(Map.of());
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    @BeforeAll
    static void topicAndTable() throws Exception {
        new KafkaLines(KAFKA.bootstrapServers()).createTopic("checked_topic", 1);
        HBaseTables.ensure(HBASE.zookeeperAddress(), "checked_kv", "f");
    }

    @Test
    void kafkaNeedsABrokerThatAnswersAndEveryTopic() {
        KafkaBindingFactory kafka = new KafkaBindingFactory();
        String brokers = KAFKA.bootstrapServers();
        assertThat(kafka.checkServer(Map.of("topic", "checked_topic", "bootstrap-servers", brokers), NONE, TIMEOUT))
                .isEmpty();
        assertThat(kafka.checkServer(Map.of("topic", "checked_topic;missing_topic", "bootstrap-servers", brokers),
                NONE, TIMEOUT)).containsExactly("topic missing_topic does not exist on " + brokers);
        // The address comes from a secret: the message names the reference, never the value.
        assertThat(kafka.checkServer(Map.of("topic", "checked_topic", "bootstrap-servers", "${env:BROKERS}"),
                Secrets.of(Map.of("BROKERS", "127.0.0.1:1")), Duration.ofSeconds(2)))
                .containsExactly("no Kafka broker answers at ${env:BROKERS} within 2 s");
    }

    @Test
    void hbaseNeedsTheTableWithItsColumnFamily() {
        HBaseBindingFactory hbase = new HBaseBindingFactory();
        String zk = HBASE.zookeeperAddress();
        assertThat(hbase.checkServer(Map.of("table", "checked_kv", "zookeeper-quorum", zk), NONE, TIMEOUT)).isEmpty();
        assertThat(hbase.checkServer(Map.of("table", "checked_kv", "zookeeper-quorum", zk, "column-family", "g"),
                NONE, TIMEOUT)).containsExactly("HBase table checked_kv at " + zk + " has no column family 'g'");
        assertThat(hbase.checkServer(Map.of("table", "missing_kv", "zookeeper-quorum", zk), NONE, TIMEOUT))
                .containsExactly("HBase table missing_kv does not exist at " + zk + " (create it: rtw kv create "
                        + "missing_kv --family f --zookeeper " + zk + ")");
        assertThat(hbase.checkServer(Map.of("table", "checked_kv", "zookeeper-quorum", "127.0.0.1:1"), NONE, TIMEOUT))
                .singleElement().asString().startsWith("HBase at 127.0.0.1:1 does not answer within 3 s: ");
    }

    @Test
    void aLocalRunWithAMissingTopicIsRefusedBeforeItCreatesAnything(@TempDir Path home) throws Exception {
        Path dir = home.resolve("project");
        Files.createDirectories(dir.resolve("meta"));
        Files.createDirectories(dir.resolve("jobs"));
        Files.writeString(dir.resolve("rtw.yaml"), """
                name: checked
                time-zone: Asia/Shanghai
                catalogs:
                  paimon: {type: paimon, warehouse: "file://${rtw.home}/warehouse"}
                """);
        Files.writeString(dir.resolve("meta/clicks.yaml"), """
                name: clicks
                columns:
                  - {name: user_id, type: BIGINT}
                  - {name: channel, type: STRING}
                stream:
                  kind: kafka
                  topic: never_created_topic
                  bootstrap-servers: ${kafka}
                  startup-mode: earliest-offset
                  dead-letter-table: paimon.ods.clicks_dead_letter
                  fields: {user_id: BIGINT, channel: STRING}
                batch: {kind: paimon, database: ods, table: clicks, fields: {user_id: BIGINT, channel: STRING}}
                """);
        Path job = dir.resolve("jobs/count.sql");
        Files.writeString(job, """
                CREATE DATABASE IF NOT EXISTS paimon.ads;
                CREATE TABLE IF NOT EXISTS paimon.ads.clicks_per_channel (channel STRING, n BIGINT,
                  PRIMARY KEY (channel) NOT ENFORCED);
                INSERT INTO paimon.ads.clicks_per_channel SELECT channel, COUNT(*) FROM clicks GROUP BY channel;
                """);
        Project project = Project.load(dir, new Project.Options(Optional.empty(),
                Map.of("kafka", KAFKA.bootstrapServers()), NONE, home));
        StringWriter progress = new StringWriter();
        JobSubmitter runner = new JobSubmitter(NONE, new PrintWriter(progress, true));
        assertThatThrownBy(() -> runner.run(new JobRequest(project, job, Mode.STREAM, Optional.empty(),
                new RunOptions(Target.local(), true, Optional.empty(), Map.of()))))
                .isInstanceOf(JobException.class)
                .hasMessage("count.sql: servers the job needs are not ready; nothing was run:\n"
                        + "  meta-table clicks (kafka): topic never_created_topic does not exist on "
                        + KAFKA.bootstrapServers());
        assertThat(progress.toString()).isEmpty();
        assertThat(home.resolve("warehouse")).doesNotExist();
    }
}
