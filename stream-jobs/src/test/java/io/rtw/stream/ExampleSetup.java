package io.rtw.stream;

import io.rtw.connector.kafka.KafkaLines;
import io.rtw.kv.hbase.HBaseTables;
import io.rtw.local.junit.HBaseExtension;
import io.rtw.local.junit.KafkaExtension;
import io.rtw.meta.Project;
import io.rtw.meta.Secrets;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The example warehouse ({@code sql/}) over a test's own servers: a generated day produced to topic
 * {@code app_events}, the serving table in HBase, and the project loaded against both with the test's warehouse.
 */
public final class ExampleSetup {

    private ExampleSetup() {}

    /** Generates the day, sends it to a fresh two-partition {@code app_events} topic and returns its messages. */
    public static List<ExampleDay.Message> produce(KafkaExtension kafka, ExampleDay.Spec day) throws Exception {
        List<ExampleDay.Message> messages = ExampleDay.generate(day);
        KafkaLines lines = new KafkaLines(kafka.bootstrapServers());
        lines.recreateTopic("app_events", 2);
        lines.send("app_events", messages.stream().map(ExampleDay.Message::json).toList(), n -> { });
        return messages;
    }

    /**
     * Creates the serving table when missing and loads the project with on-event watermarks (exact lateness),
     * Kafka consumer group {@code group} and the warehouse under {@code home}; {@code vars} adds or overrides.
     */
    public static Project project(KafkaExtension kafka, HBaseExtension hbase, Path home, String group,
            Map<String, String> vars) throws Exception {
        HBaseTables.ensure(hbase.zookeeperAddress(), "rtw_uv_serving", "f");
        Map<String, String> all = new HashMap<>(Map.of("kafka.bootstrap", kafka.bootstrapServers(),
                "hbase.zookeeper", hbase.zookeeperAddress(), "kafka.group", group, "watermark.emit", "on-event",
                "warehouse", "file://" + home.resolve("warehouse")));
        all.putAll(vars);
        return Project.load(Path.of("../sql"), new Project.Options(Optional.empty(), all, Secrets.of(Map.of()), home));
    }
}
