package io.rtw.cli;

import io.rtw.local.junit.KafkaExtension;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code rtw produce TABLE FILE} on a real Kafka whose address only the project declares: the meta-table's topic and
 * brokers are used, found by the table's name or its topic; a flag wins over the project; a secret in the brokers
 * connects and is never printed.
 */
class ProduceITCase {

    @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

    private static final List<String> LINES = List.of("{\"id\": 1}", "{\"id\": 2}", "{\"id\": 3}");

    /** A project with meta-table clicks reading {@code topic} from brokers {@code brokers} (which may use vars). */
    static Path project(Path dir, String topic, String brokers, String kafkaVar) throws Exception {
        Files.createDirectories(dir.resolve("meta"));
        Files.writeString(dir.resolve("rtw.yaml"), "name: produce\nvars:\n  kafka.bootstrap: \"" + kafkaVar + "\"\n");
        Files.writeString(dir.resolve("meta/clicks.yaml"), """
                name: clicks
                columns:
                  - {name: id, type: BIGINT}
                stream:
                  kind: kafka
                  topic: %s
                  bootstrap-servers: "%s"
                  startup-mode: earliest-offset
                  format: json
                  fields: {id: BIGINT}
                batch:
                  kind: paimon
                  catalog: paimon
                  database: ods
                  table: clicks
                  fields: {id: BIGINT}
                """.formatted(topic, brokers));
        Files.write(dir.resolve("clicks.jsonl"), LINES);
        return dir;
    }

    /** Every message of {@code topic}, read from the start. */
    static List<String> messages(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "produce-it-" + topic);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (out.size() < LINES.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    out.add(r.value());
                }
            }
        }
        return out;
    }

    @Test
    void producesToTheTopicAndBrokersOnlyTheProjectDeclares(@TempDir Path dir) throws Exception {
        Path p = project(dir, "produce_by_table", "${kafka.bootstrap}", KAFKA.bootstrapServers());
        RtwTest.Run r = RtwTest.run("produce", "-p", p.toString(), "clicks", p.resolve("clicks.jsonl").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("sent 3 messages to topic produce_by_table (meta-table clicks) at "
                + KAFKA.bootstrapServers() + "\n");
        assertThat(messages("produce_by_table")).containsExactlyInAnyOrderElementsOf(LINES);

        // The topic names the meta-table as well.
        Path q = project(dir.resolve("by-topic"), "produce_by_topic", "${kafka.bootstrap}", KAFKA.bootstrapServers());
        RtwTest.Run byTopic = RtwTest.run("produce", "-p", q.toString(), "produce_by_topic",
                q.resolve("clicks.jsonl").toString());
        assertThat(byTopic.code()).as(byTopic.err()).isZero();
        assertThat(byTopic.out()).contains("(meta-table clicks) at " + KAFKA.bootstrapServers());
        assertThat(messages("produce_by_topic")).containsExactlyInAnyOrderElementsOf(LINES);
    }

    @Test
    void theFlagWinsOverTheProject(@TempDir Path dir) throws Exception {
        // The project's brokers are a port where nothing listens.
        Path p = project(dir, "produce_by_flag", "${kafka.bootstrap}", "127.0.0.1:1");
        RtwTest.Run r = RtwTest.run("produce", "-p", p.toString(), "clicks", p.resolve("clicks.jsonl").toString(),
                "--bootstrap-servers", KAFKA.bootstrapServers());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).endsWith(" at " + KAFKA.bootstrapServers() + "\n");
        assertThat(messages("produce_by_flag")).containsExactlyInAnyOrderElementsOf(LINES);
    }

    @Test
    void aSecretInTheBrokersConnectsAndIsNeverPrinted(@TempDir Path dir) throws Exception {
        // The host is ${env:RTW_PRODUCE_TEST_HOST} (127.0.0.1 in this test run), the port a variable.
        String port = KAFKA.bootstrapServers().substring(KAFKA.bootstrapServers().lastIndexOf(':') + 1);
        Path p = project(dir, "produce_secret", "${env:RTW_PRODUCE_TEST_HOST}:${kafka.bootstrap}", port);
        RtwTest.Run r = RtwTest.run("produce", "-p", p.toString(), "clicks", p.resolve("clicks.jsonl").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("sent 3 messages to topic produce_secret (meta-table clicks) at "
                + "${env:RTW_PRODUCE_TEST_HOST}:" + port + "\n");
        assertThat(r.out() + r.err()).doesNotContain("127.0.0.1");
        assertThat(messages("produce_secret")).containsExactlyInAnyOrderElementsOf(LINES);

        // Kafka refuses the address and echoes it: the message shows the reference.
        Path bad = project(dir.resolve("bad"), "produce_secret", "${env:RTW_PRODUCE_TEST_HOST}:${kafka.bootstrap}",
                "notaport");
        RtwTest.Run refused = RtwTest.run("produce", "-p", bad.toString(), "clicks",
                bad.resolve("clicks.jsonl").toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).isEqualTo("rtw: cannot produce to topic produce_secret at "
                + "${env:RTW_PRODUCE_TEST_HOST}:notaport: Invalid url in bootstrap.servers: "
                + "${env:RTW_PRODUCE_TEST_HOST}:notaport\n");
    }
}
