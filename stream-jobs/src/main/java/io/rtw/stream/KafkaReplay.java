package io.rtw.stream;

import io.rtw.meta.Binding;
import io.rtw.meta.MetaTable;
import io.rtw.meta.Secrets;
import io.rtw.meta.binding.KafkaBindingFactory;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The exact extent of a bounded replay of Kafka meta-tables: each topic's end offsets taken once before the
 * job starts and given to the source as its stop offsets, and, after the job finished, the consumer group
 * moved to them, so the next replay starts where this one ended (a finishing Flink source does not reliably
 * commit its final offsets).
 */
final class KafkaReplay {

    private record Source(String table, Properties client, String topic, Optional<String> group,
            Map<Integer, Long> ends) {}

    private final List<Source> sources;

    private KafkaReplay(List<Source> sources) {
        this.sources = sources;
    }

    /** Reads the end offsets of every Kafka stream meta-table's topic now. */
    static KafkaReplay start(List<MetaTable> tables, Secrets secrets) {
        List<Source> sources = new ArrayList<>();
        for (MetaTable t : tables) {
            Optional<Binding> b = t.stream().filter(x -> x.kind().equals("kafka"));
            if (b.isEmpty()) {
                continue;
            }
            Map<String, String> o = b.get().options();
            Properties client = KafkaBindingFactory.clientProperties(o, secrets);
            client.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
            String topic = o.get("topic");
            Optional<String> group = "group-offsets".equals(o.getOrDefault("startup-mode", "group-offsets"))
                    ? Optional.ofNullable(o.get("group-id")).map(secrets::resolve) : Optional.empty();
            sources.add(new Source(t.name(), client, topic, group, endOffsets(t.name(), client,
                    o.get("bootstrap-servers"), topic)));
        }
        return new KafkaReplay(sources);
    }

    /** Source options per meta-table: stop exactly at the offsets read at start. */
    Map<String, Map<String, String>> options() {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (Source s : sources) {
            out.put(s.table(), Map.of("scan.bounded.mode", "specific-offsets", "scan.bounded.specific-offsets",
                    s.ends().entrySet().stream().map(e -> "partition:" + e.getKey() + ",offset:" + e.getValue())
                            .collect(Collectors.joining(";"))));
        }
        return out;
    }

    /** One line per topic: where the replay stops. */
    List<String> describe() {
        return sources.stream().map(s -> s.table() + ": topic " + s.topic() + " up to offsets " + s.ends().entrySet()
                .stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(" "))
                + s.group().map(g -> ", group " + g).orElse("")).toList();
    }

    /** Moves each consumer group to where the finished replay stopped. */
    void commit() {
        for (Source s : sources) {
            if (s.group().isEmpty()) {
                continue;
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
            s.ends().forEach((p, o) -> offsets.put(new TopicPartition(s.topic(), p), new OffsetAndMetadata(o)));
            try (Admin admin = Admin.create(s.client())) {
                admin.alterConsumerGroupOffsets(s.group().get(), offsets).all().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new JobException("the replay of " + s.table() + " finished, but consumer group " + s.group().get()
                        + " could not be moved to its end offsets (the next replay would read them again): "
                        + JobRunner.rootMessage(e));
            }
        }
    }

    /** The topic's end offsets; {@code shown} is the bootstrap address as written, for messages (no secret). */
    private static Map<Integer, Long> endOffsets(String table, Properties client, String shown, String topic) {
        try (Admin admin = Admin.create(client)) {
            List<TopicPartitionInfo> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(topic).partitions();
            Map<TopicPartition, OffsetSpec> request = new LinkedHashMap<>();
            partitions.forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<Integer, Long> ends = new TreeMap<>();
            admin.listOffsets(request).all().get(30, TimeUnit.SECONDS)
                    .forEach((tp, info) -> ends.put(tp.partition(), info.offset()));
            return ends;
        } catch (Exception e) {
            throw new JobException("cannot read the end offsets of topic " + topic + " (meta-table " + table + ") on "
                    + shown + " for a bounded replay: " + JobRunner.rootMessage(e));
        }
    }
}
