package io.rtw.connector.kafka;

import io.rtw.connector.kafka.KafkaBindingFactory.StartupMode;
import io.rtw.meta.Causes;
import io.rtw.meta.Secrets;
import io.rtw.meta.binding.BindingException;
import io.rtw.meta.binding.ReplayExtent;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

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
 * The exact extent of a bounded replay of a Kafka meta-table: for each partition of its topic, the offset to start
 * from (as the meta-table's startup mode resolves it: the group's committed offset or the earliest, the earliest,
 * the latest, or the first at the startup timestamp) and the end offset, both read once before the job starts and
 * given to the source as specific offsets. A restart of the job re-reads exactly this extent, whatever the group's
 * committed offsets became meanwhile (a live job of the same group commits them on every checkpoint). After the
 * job finished, the consumer group is moved to the end offsets, so the next replay starts where this one ended (a
 * finishing Flink source does not reliably commit its final offsets).
 */
final class KafkaReplayExtent implements ReplayExtent {

    /** Where a partition's replay starts and where it stops (exclusive). */
    record Extent(long from, long to) {}

    private final String table;
    private final Properties client;
    private final String topic;
    private final Optional<String> group;
    private final Map<Integer, Extent> extents;

    private KafkaReplayExtent(String table, Properties client, String topic, Optional<String> group,
            Map<Integer, Extent> extents) {
        this.table = table;
        this.client = client;
        this.topic = topic;
        this.group = group;
        this.extents = extents;
    }

    /** Reads the extent of the topic of meta-table {@code table}, bound with {@code options}, now. */
    static KafkaReplayExtent read(String table, Map<String, String> options, Secrets secrets) {
        Properties client = KafkaBindingFactory.clientProperties(options, secrets);
        client.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        String topic = options.get(KafkaBindingFactory.TOPIC.key());
        if (topic.contains(";")) {
            // Flink's Kafka source takes specific offsets for a single topic only.
            throw new BindingException("a bounded replay reads one topic per meta-table; " + table + " binds "
                    + "topics " + topic + " (replay each from a meta-table of its own, or run without --bounded)");
        }
        StartupMode mode = KafkaBindingFactory.startupMode(options);
        Optional<String> group = mode == StartupMode.GROUP_OFFSETS
                ? Optional.ofNullable(options.get(KafkaBindingFactory.GROUP_ID.key())).map(secrets::resolve)
                : Optional.empty();
        return new KafkaReplayExtent(table, client, topic, group, extents(table, client,
                options.get(KafkaBindingFactory.BOOTSTRAP_SERVERS.key()), topic, mode, group,
                KafkaBindingFactory.startupTimestamp(options)));
    }

    /** Start and stop exactly at the offsets read at start. */
    @Override
    public Map<String, String> sourceOptions() {
        return Map.of(
                "scan.startup.mode", "specific-offsets",
                "scan.startup.specific-offsets", offsets(Extent::from),
                "scan.bounded.mode", "specific-offsets",
                "scan.bounded.specific-offsets", offsets(Extent::to));
    }

    private String offsets(ToLongFunction<Extent> which) {
        return extents.entrySet().stream().map(e -> "partition:" + e.getKey() + ",offset:"
                + which.applyAsLong(e.getValue())).collect(Collectors.joining(";"));
    }

    /** Which offsets the replay reads, {@code PARTITION:FROM-TO}, and how many records. */
    @Override
    public String description() {
        long records = extents.values().stream().mapToLong(x -> x.to() - x.from()).sum();
        return table + ": topic " + topic + " offsets " + extents.entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue().from() + "-" + e.getValue().to())
                .collect(Collectors.joining(" ")) + String.format(Locale.ROOT, " (%,d record%s)", records,
                records == 1 ? "" : "s") + group.map(g -> ", group " + g).orElse("");
    }

    /** Moves the consumer group to where the finished replay stopped. */
    @Override
    public void finished() {
        if (group.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
        extents.forEach((p, x) -> offsets.put(new TopicPartition(topic, p), new OffsetAndMetadata(x.to())));
        try (Admin admin = Admin.create(client)) {
            admin.alterConsumerGroupOffsets(group.get(), offsets).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BindingException("interrupted while moving consumer group " + group.get());
        } catch (Exception e) {
            throw new BindingException("the replay of " + table + " finished, but consumer group " + group.get()
                    + " could not be moved to its end offsets (the next replay would read them again): "
                    + Causes.messages(e));
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
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BindingException("interrupted while reading the offsets of topic " + topic);
        } catch (Exception e) {
            throw new BindingException("cannot read the offsets of topic " + topic + " (meta-table " + table + ") on "
                    + shown + " for a bounded replay: " + Causes.messages(e));
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
