package io.rtw.stream;

import io.rtw.meta.Binding;
import io.rtw.meta.MetaTable;
import io.rtw.meta.Secrets;
import io.rtw.meta.binding.KafkaBindingFactory;
import io.rtw.meta.binding.KafkaBindingFactory.StartupMode;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * The exact extent of a bounded replay of Kafka meta-tables: for each partition of each topic, the offset to start
 * from (as the meta-table's startup mode resolves it: the group's committed offset or the earliest, the earliest,
 * the latest, or the first at the startup timestamp) and the end offset, both read once before the job starts and
 * given to the source as specific offsets. A restart of the job re-reads exactly this extent, whatever the group's
 * committed offsets became meanwhile (a live job of the same group commits them on every checkpoint). After the
 * job finished, the consumer group is moved to the end offsets, so the next replay starts where this one ended (a
 * finishing Flink source does not reliably commit its final offsets).
 */
final class KafkaReplay {

    /** Where a partition's replay starts and where it stops (exclusive). */
    record Extent(long from, long to) {}

    private record Source(String table, Properties client, String topic, Optional<String> group,
            Map<Integer, Extent> extents) {}

    private final List<Source> sources;

    private KafkaReplay(List<Source> sources) {
        this.sources = sources;
    }

    /** Reads the extent of every Kafka stream meta-table's topic now. */
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
            if (topic.contains(";")) {
                // Flink's Kafka source takes specific offsets for a single topic only.
                throw new JobException("a bounded replay reads one topic per meta-table; " + t.name() + " binds "
                        + "topics " + topic + " (replay each from a meta-table of its own, or run without --bounded)");
            }
            StartupMode mode = KafkaBindingFactory.startupMode(o);
            Optional<String> group = mode == StartupMode.GROUP_OFFSETS
                    ? Optional.ofNullable(o.get("group-id")).map(secrets::resolve) : Optional.empty();
            sources.add(new Source(t.name(), client, topic, group, extents(t.name(), client,
                    o.get("bootstrap-servers"), topic, mode, group, KafkaBindingFactory.startupTimestamp(o))));
        }
        return new KafkaReplay(sources);
    }

    /** Source options per meta-table: start and stop exactly at the offsets read at start. */
    Map<String, Map<String, String>> options() {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (Source s : sources) {
            out.put(s.table(), Map.of(
                    "scan.startup.mode", "specific-offsets",
                    "scan.startup.specific-offsets", offsets(s.extents(), Extent::from),
                    "scan.bounded.mode", "specific-offsets",
                    "scan.bounded.specific-offsets", offsets(s.extents(), Extent::to)));
        }
        return out;
    }

    private static String offsets(Map<Integer, Extent> extents, ToLongFunction<Extent> which) {
        return extents.entrySet().stream().map(e -> "partition:" + e.getKey() + ",offset:"
                + which.applyAsLong(e.getValue())).collect(Collectors.joining(";"));
    }

    /** One line per topic: which offsets the replay reads, {@code PARTITION:FROM-TO}, and how many records. */
    List<String> describe() {
        List<String> out = new ArrayList<>();
        for (Source s : sources) {
            long records = s.extents().values().stream().mapToLong(x -> x.to() - x.from()).sum();
            out.add(s.table() + ": topic " + s.topic() + " offsets " + s.extents().entrySet().stream()
                    .map(e -> e.getKey() + ":" + e.getValue().from() + "-" + e.getValue().to())
                    .collect(Collectors.joining(" ")) + String.format(Locale.ROOT, " (%,d record%s)", records,
                    records == 1 ? "" : "s") + s.group().map(g -> ", group " + g).orElse(""));
        }
        return out;
    }

    /** Moves each consumer group to where the finished replay stopped. */
    void commit() {
        for (Source s : sources) {
            if (s.group().isEmpty()) {
                continue;
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
            s.extents().forEach((p, x) -> offsets.put(new TopicPartition(s.topic(), p), new OffsetAndMetadata(x.to())));
            try (Admin admin = Admin.create(s.client())) {
                admin.alterConsumerGroupOffsets(s.group().get(), offsets).all().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new JobException("the replay of " + s.table() + " finished, but consumer group " + s.group().get()
                        + " could not be moved to its end offsets (the next replay would read them again): "
                        + JobRunner.rootMessage(e));
            }
        }
    }

    /**
     * Each partition's extent: from the offset the startup {@code mode} gives (within what the partition holds) to
     * its end offset. {@code shown} is the bootstrap address as written, for messages (no secret).
     */
    private static Map<Integer, Extent> extents(String table, Properties client, String shown, String topic,
            StartupMode mode, Optional<String> group, Optional<Long> timestamp) {
        try (Admin admin = Admin.create(client)) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(topic).partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, Long> earliest = list(admin, partitions, OffsetSpec.earliest());
            Map<TopicPartition, Long> latest = list(admin, partitions, OffsetSpec.latest());
            Map<TopicPartition, Long> start = switch (mode) {
                case EARLIEST_OFFSET -> earliest;
                case LATEST_OFFSET -> latest;
                case TIMESTAMP -> list(admin, partitions, OffsetSpec.forTimestamp(timestamp.orElseThrow()));
                case GROUP_OFFSETS -> committed(admin, group.orElseThrow());
            };
            Map<Integer, Extent> out = new TreeMap<>();
            for (TopicPartition tp : partitions) {
                long end = latest.get(tp);
                long from = start.getOrDefault(tp, earliest.get(tp)); // no committed offset: earliest, as in a job
                from = from < 0 ? end : from;                           // no record at or after the timestamp
                out.put(tp.partition(), new Extent(Math.min(end, Math.max(earliest.get(tp), from)), end));
            }
            return out;
        } catch (Exception e) {
            throw new JobException("cannot read the offsets of topic " + topic + " (meta-table " + table + ") on "
                    + shown + " for a bounded replay: " + JobRunner.rootMessage(e));
        }
    }

    private static Map<TopicPartition, Long> list(Admin admin, List<TopicPartition> partitions, OffsetSpec spec)
            throws Exception {
        Map<TopicPartition, OffsetSpec> request = new LinkedHashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, Long> out = new LinkedHashMap<>();
        admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    private static Map<TopicPartition, Long> committed(Admin admin, String group) throws Exception {
        Map<TopicPartition, Long> out = new LinkedHashMap<>();
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                .forEach((tp, o) -> {
                    if (o != null) {
                        out.put(tp, o.offset());
                    }
                });
        return out;
    }
}
