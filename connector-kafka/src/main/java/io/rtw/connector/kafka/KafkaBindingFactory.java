package io.rtw.connector.kafka;

import io.rtw.meta.Secrets;
import io.rtw.meta.binding.BindingFactory;
import io.rtw.meta.binding.Relation;
import io.rtw.meta.binding.ReplayExtent;
import io.rtw.meta.binding.Side;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** {@code kind: kafka}: a Kafka topic read with Flink's Kafka connector, on the stream side. */
public final class KafkaBindingFactory implements BindingFactory {

    static final ConfigOption<String> TOPIC =
            ConfigOptions.key("topic").stringType().noDefaultValue().withDescription("Kafka topic to read.");

    static final ConfigOption<String> BOOTSTRAP_SERVERS = ConfigOptions.key("bootstrap-servers")
            .stringType()
            .noDefaultValue()
            .withDescription("Comma-separated host:port list of Kafka brokers.");

    static final ConfigOption<String> FORMAT = ConfigOptions.key("format")
            .stringType()
            .defaultValue("json")
            .withDescription("Message format: json, csv or raw.");

    static final ConfigOption<StartupMode> STARTUP_MODE = ConfigOptions.key("startup-mode")
            .enumType(StartupMode.class)
            .defaultValue(StartupMode.GROUP_OFFSETS)
            .withDescription("Where a job without state starts reading: earliest-offset, latest-offset, "
                    + "group-offsets (committed offsets, earliest when none) or timestamp.");

    static final ConfigOption<Long> STARTUP_TIMESTAMP = ConfigOptions.key("startup-timestamp")
            .longType()
            .noDefaultValue()
            .withDescription("Epoch milliseconds to start from when startup-mode is timestamp.");

    static final ConfigOption<String> GROUP_ID = ConfigOptions.key("group-id")
            .stringType()
            .noDefaultValue()
            .withDescription("Consumer group id; required with startup-mode group-offsets.");

    private static final Set<String> FORMATS = Set.of("json", "csv", "raw");
    /** What Kafka accepts as a topic name, in words for messages. */
    public static final String TOPIC_RULE = "1 to 249 letters, digits, '.', '_' or '-'";
    private static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    /** A broker address as Kafka clients parse it: host or [IPv6]:port, optionally after a listener's PROTOCOL://. */
    private static final Pattern BROKER =
            Pattern.compile("([A-Za-z_]+://)?(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._-]+):[0-9]{1,5}");

    /** Startup modes of the Kafka source, spelled as in YAML. */
    public enum StartupMode {
        EARLIEST_OFFSET("earliest-offset"),
        LATEST_OFFSET("latest-offset"),
        GROUP_OFFSETS("group-offsets"),
        TIMESTAMP("timestamp");

        private final String id;

        StartupMode(String id) {
            this.id = id;
        }

        @Override
        public String toString() {
            return id;
        }
    }

    @Override
    public String factoryIdentifier() {
        return "kafka";
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(TOPIC, BOOTSTRAP_SERVERS);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(FORMAT, STARTUP_MODE, STARTUP_TIMESTAMP, GROUP_ID);
    }

    @Override
    public Set<Side> sides() {
        return Set.of(Side.STREAM);
    }

    @Override
    public Set<String> prefixes() {
        return Set.of("properties.", "json.", "csv.");
    }

    @Override
    public void validate(ReadableConfig options, Map<String, String> fields, Problems problems) {
        // Names and addresses as written; a ${...} left in them is a secret or a variable reported on its own.
        for (String topic : options.get(TOPIC).split(";", -1)) {
            if (!topic.contains("${") && !isTopicName(topic)) {
                problems.about(TOPIC, "topic '" + topic + "' is not a Kafka topic name: " + TOPIC_RULE
                        + " (several topics are separated by ';')");
            }
        }
        for (String broker : options.get(BOOTSTRAP_SERVERS).split(",", -1)) {
            if (!broker.contains("${") && !BROKER.matcher(broker.strip()).matches()) {
                problems.about(BOOTSTRAP_SERVERS, "bootstrap-servers entry '" + broker.strip() + "' is not "
                        + "host:port (brokers are separated by ',')");
            }
        }
        if (!FORMATS.contains(options.get(FORMAT))) {
            problems.about(FORMAT, "format '" + options.get(FORMAT) + "' is not supported; allowed: csv, json, raw");
        }
        StartupMode mode = options.get(STARTUP_MODE);
        if (mode == StartupMode.TIMESTAMP && options.getOptional(STARTUP_TIMESTAMP).isEmpty()) {
            problems.about(STARTUP_MODE, "startup-mode timestamp needs startup-timestamp (epoch milliseconds)");
        }
        if (mode == StartupMode.GROUP_OFFSETS && options.getOptional(GROUP_ID).isEmpty()) {
            problems.about(STARTUP_MODE, "startup-mode group-offsets needs group-id");
        }
    }

    /** Whether Kafka accepts {@code name} as a topic name. */
    public static boolean isTopicName(String name) {
        return TOPIC_NAME.matcher(name).matches() && !name.equals(".") && !name.equals("..");
    }

    /** Where a job reading the binding starts without state: its {@code startup-mode}, or the default. */
    public static StartupMode startupMode(Map<String, String> options) {
        return Configuration.fromMap(options).get(STARTUP_MODE);
    }

    /** The binding's {@code startup-timestamp} (epoch milliseconds), given with startup-mode timestamp. */
    public static Optional<Long> startupTimestamp(Map<String, String> options) {
        return Configuration.fromMap(options).getOptional(STARTUP_TIMESTAMP);
    }

    /**
     * The Kafka client settings of a binding as the source gets them: its {@code properties.*} (security, say)
     * and its brokers, with {@code ${env:NAME}} resolved.
     *
     * @param options the binding's options as written
     */
    public static Properties clientProperties(Map<String, String> options, Secrets secrets) {
        Properties p = new Properties();
        options.forEach((k, v) -> {
            if (k.startsWith("properties.")) {
                p.put(k.substring("properties.".length()), secrets.resolveValue(v));
            }
        });
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, secrets.resolveValue(options.get(BOOTSTRAP_SERVERS.key())));
        return p;
    }

    /**
     * Describes each topic with an admin client configured as the source is ({@code properties.*}, so a secured
     * cluster is reached the same way): a broker must answer and every topic exist, else the source would fail
     * the job on its first partition discovery and restart it without end.
     */
    @Override
    public List<String> checkServer(Map<String, String> options, Secrets secrets, Duration timeout) {
        String shown = options.get(BOOTSTRAP_SERVERS.key());
        List<String> topics = List.of(options.get(TOPIC.key()).split(";"));
        Properties p = clientProperties(options, secrets);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        String noBroker = "no Kafka broker answers at " + shown + " within " + timeout.toSeconds() + " s";
        List<String> problems = new ArrayList<>();
        try (Admin admin = Admin.create(p)) {
            Map<String, KafkaFuture<TopicDescription>> described = admin.describeTopics(topics).topicNameValues();
            for (String topic : topics) {
                try {
                    described.get(topic).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                        problems.add("topic " + topic + " does not exist on " + shown);
                        continue;
                    }
                    // The broker is out of reach or refuses: the other topics would say the same.
                    problems.add(e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException ? noBroker
                            : "Kafka at " + shown + " cannot describe topic " + topic + ": " + e.getCause().getMessage());
                    break;
                } catch (java.util.concurrent.TimeoutException e) {
                    problems.add(noBroker);
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add("interrupted while asking Kafka at " + shown);
        } catch (KafkaException e) {
            problems.add("Kafka at " + shown + ": " + e.getMessage());
        }
        String written = String.join(" ", options.values());
        return problems.stream().map(m -> secrets.mask(written, m)).toList();
    }

    @Override
    public Map<String, String> boundedOptions() {
        return Map.of("scan.bounded.mode", "latest-offset");
    }

    /** The topic's offsets now, from where the startup mode says to the end: {@link KafkaReplayExtent}. */
    @Override
    public Optional<ReplayExtent> replayExtent(String table, Map<String, String> options, Secrets secrets) {
        return Optional.of(KafkaReplayExtent.read(table, options, secrets));
    }

    @Override
    public Map<String, String> originMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("topic", "STRING METADATA FROM 'topic' VIRTUAL");
        m.put("partition", "INT METADATA FROM 'partition' VIRTUAL");
        m.put("offset", "BIGINT METADATA FROM 'offset' VIRTUAL");
        m.put("timestamp", "TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL");
        return m;
    }

    @Override
    public Relation relation(String tableName, ReadableConfig options, Map<String, String> rawOptions) {
        Map<String, String> with = new LinkedHashMap<>();
        with.put("connector", "kafka");
        with.put("topic", options.get(TOPIC));
        with.put("properties.bootstrap.servers", options.get(BOOTSTRAP_SERVERS));
        options.getOptional(GROUP_ID).ifPresent(g -> with.put("properties.group.id", g));
        StartupMode mode = options.get(STARTUP_MODE);
        with.put("scan.startup.mode", mode.toString());
        if (mode == StartupMode.GROUP_OFFSETS) {
            with.put("properties.auto.offset.reset", "earliest");
        }
        options.getOptional(STARTUP_TIMESTAMP)
                .ifPresent(ts -> with.put("scan.startup.timestamp-millis", String.valueOf(ts)));
        with.put("format", options.get(FORMAT));
        with.putAll(BindingFactory.withPrefix(rawOptions, "properties."));
        with.putAll(BindingFactory.withPrefix(rawOptions, options.get(FORMAT) + "."));
        return new Relation.ConnectorTable(with, Optional.empty());
    }
}
