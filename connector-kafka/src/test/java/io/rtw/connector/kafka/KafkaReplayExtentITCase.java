package io.rtw.connector.kafka;

import io.rtw.local.junit.KafkaExtension;
import io.rtw.meta.Project;
import io.rtw.meta.Secrets;
import io.rtw.meta.binding.BindingException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The extent of a bounded replay, read from a real Kafka before the job starts: each partition's start as the
 * meta-table's startup mode gives it, and its end; after the replay, the group moved to the ends.
 */
class KafkaReplayExtentITCase {

    @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

    private static final String TOPIC = "replay_extent";

    /** Partition 0 holds records stamped 1,000 to 5,000 ms, partition 1 those stamped 1,000 to 3,000. */
    @BeforeAll
    static void fillTwoPartitions() throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", KAFKA.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                KAFKA.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            for (int i = 1; i <= 5; i++) {
                producer.send(new ProducerRecord<>(TOPIC, 0, i * 1000L, null, "{}")).get();
            }
            for (int i = 1; i <= 3; i++) {
                producer.send(new ProducerRecord<>(TOPIC, 1, i * 1000L, null, "{}")).get();
            }
        }
    }

    @Test
    void groupOffsetsStartAtTheCommittedOffsetOrTheEarliestWhereTheGroupHasNone(@TempDir Path dir) throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", KAFKA.bootstrapServers()))) {
            admin.alterConsumerGroupOffsets("extent-it", Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(2)))
                    .all().get(30, TimeUnit.SECONDS);
        }
        KafkaReplayExtent replay = replay(dir, "startup-mode: group-offsets\n  group-id: extent-it");
        assertThat(replay.description())
                .isEqualTo("events: topic replay_extent offsets 0:2-5 1:0-3 (6 records), group extent-it");
        assertThat(replay.sourceOptions()).containsEntry("scan.startup.mode", "specific-offsets")
                .containsEntry("scan.startup.specific-offsets", "partition:0,offset:2;partition:1,offset:0")
                .containsEntry("scan.bounded.mode", "specific-offsets")
                .containsEntry("scan.bounded.specific-offsets", "partition:0,offset:5;partition:1,offset:3");

        replay.finished();
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", KAFKA.bootstrapServers()))) {
            assertThat(admin.listConsumerGroupOffsets("extent-it").partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS)).containsOnly(
                            Map.entry(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(5)),
                            Map.entry(new TopicPartition(TOPIC, 1), new OffsetAndMetadata(3)));
        }
    }

    @Test
    void earliestLatestAndTimestampStartWhereAStreamJobWould(@TempDir Path dir) throws Exception {
        assertThat(replay(dir.resolve("a"), "startup-mode: earliest-offset").description())
                .isEqualTo("events: topic replay_extent offsets 0:0-5 1:0-3 (8 records)");
        assertThat(replay(dir.resolve("b"), "startup-mode: latest-offset").description())
                .isEqualTo("events: topic replay_extent offsets 0:5-5 1:3-3 (0 records)");
        // the first record at or after 2,500 ms: offset 2 in both partitions
        assertThat(replay(dir.resolve("c"), "startup-mode: timestamp\n  startup-timestamp: 2500").description())
                .isEqualTo("events: topic replay_extent offsets 0:2-5 1:2-3 (4 records)");
        // after the last record of partition 1: nothing to read there
        assertThat(replay(dir.resolve("d"), "startup-mode: timestamp\n  startup-timestamp: 4500").description())
                .isEqualTo("events: topic replay_extent offsets 0:4-5 1:3-3 (1 record)");
    }

    @Test
    void aMetaTableOfSeveralTopicsIsRefusedBeforeAnythingRuns(@TempDir Path dir) {
        assertThatThrownBy(() -> replay(dir, "startup-mode: earliest-offset", TOPIC + ";other"))
                .isInstanceOf(BindingException.class).hasMessage("a bounded replay reads one topic per meta-table; events "
                        + "binds topics replay_extent;other (replay each from a meta-table of its own, or run without "
                        + "--bounded)");
    }

    private static KafkaReplayExtent replay(Path dir, String startup) throws Exception {
        return replay(dir, startup, TOPIC);
    }

    /** The extent of a project with one Kafka meta-table over {@code topic}, its startup options as given. */
    private static KafkaReplayExtent replay(Path dir, String startup, String topic) throws Exception {
        Files.createDirectories(dir.resolve("meta"));
        Files.writeString(dir.resolve("rtw.yaml"), "name: extent\ntime-zone: UTC\nmeta-tables: meta\n"
                + "catalogs: {paimon: {type: paimon, warehouse: 'file://" + dir.resolve("warehouse") + "'}}\n");
        Files.writeString(dir.resolve("meta/events.yaml"), """
                name: events
                columns:
                  - {name: id, type: STRING}
                stream:
                  kind: kafka
                  topic: %s
                  bootstrap-servers: %s
                  %s
                  format: json
                  fields: {id: STRING}
                batch: {kind: paimon, catalog: paimon, database: ods, table: events, fields: {id: STRING}}
                """.formatted(topic, KAFKA.bootstrapServers(), startup));
        Project project = Project.load(dir, new Project.Options(Optional.empty(), Map.of(), Secrets.of(Map.of()), dir));
        return KafkaReplayExtent.read("events", project.table("events").orElseThrow().stream().orElseThrow().options(),
                Secrets.of(Map.of()));
    }
}
