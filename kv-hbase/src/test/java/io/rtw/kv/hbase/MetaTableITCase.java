package io.rtw.kv.hbase;

import io.rtw.local.junit.HBaseExtension;
import io.rtw.local.junit.KafkaExtension;
import io.rtw.meta.Mode;
import io.rtw.meta.Project;
import io.rtw.meta.Secrets;
import io.rtw.meta.sql.MetaTableCompiler;

import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Meta-tables on real servers: app events produced as JSON to a real Kafka and read through a stream-mode
 * meta-table compiled by rtw-meta-table; their per-channel UV and PV written through a serving meta-table
 * of {@code kind: hbase} into a real HBase and looked up through it again.
 */
class MetaTableITCase {

    @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
    @RegisterExtension static final HBaseExtension HBASE = new HBaseExtension();
    @RegisterExtension static final MiniClusterExtension FLINK = SharedMiniCluster.cluster(2);

    @TempDir static Path dir;
    static Project project;

    /** One event of the fixed input contract (SKETCH.md section 3). */
    record Event(String id, long user, String type, String channel, long ts, boolean newUser) {
        String json() {
            return String.format("{\"event_id\":\"%s\",\"user_id\":%d,\"event_type\":\"%s\",\"channel\":\"%s\","
                    + "\"ts\":%d,\"new_user\":%d}", id, user, type, channel, ts, newUser ? 1 : 0);
        }
    }

    static final List<Event> EVENTS = new ArrayList<>();

    @BeforeAll
    static void produceEventsAndWriteTheProject() throws Exception {
        long day = Instant.parse("2026-11-21T00:00:00Z").toEpochMilli();
        String[] channels = {"app", "web", "mini"};
        for (int i = 0; i < 60; i++) {
            EVENTS.add(new Event("e" + i, i % 17, i % 4 == 0 ? "click" : "view", channels[i % 3],
                    day + i * 61_000L, i % 5 == 0));
        }
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            for (Event e : EVENTS) {
                p.send(new ProducerRecord<>("meta_app_events", e.id(), e.json())).get();
            }
        }
        Files.createDirectories(dir.resolve("meta"));
        Files.writeString(dir.resolve("rtw.yaml"), "name: it\ntime-zone: UTC\nmeta-tables: meta\n"
                + "vars:\n  kafka.bootstrap: " + KAFKA.bootstrapServers() + "\n"
                + "  hbase.zookeeper: " + HBASE.zookeeperAddress() + "\n");
        Files.writeString(dir.resolve("meta/app_events.yaml"), """
                name: app_events
                columns:
                  - {name: event_id, type: STRING}
                  - {name: user_id, type: BIGINT}
                  - {name: event_type, type: STRING}
                  - {name: channel, type: STRING}
                  - name: event_time
                    type: TIMESTAMP_LTZ(3)
                    stream: {expr: "TO_TIMESTAMP_LTZ(ts, 3)"}
                    batch: {expr: "CAST(event_time AS TIMESTAMP_LTZ(3))"}
                  - name: new_user
                    type: BOOLEAN
                    stream: {expr: "new_user = 1"}
                    batch: {expr: "new_user_flag = 'Y'"}
                primary-key: [event_id]
                event-time: {column: event_time, watermark-delay: 5s}
                stream:
                  kind: kafka
                  topic: meta_app_events
                  bootstrap-servers: ${kafka.bootstrap}
                  startup-mode: earliest-offset
                  fields: {event_id: STRING, user_id: BIGINT, event_type: STRING, channel: STRING, ts: BIGINT,
                           new_user: INT}
                batch:
                  kind: paimon
                  warehouse: file:///tmp/rtw-unused
                  database: ods
                  table: app_events
                  fields: {event_id: STRING, user_id: BIGINT, event_type: STRING, channel: STRING,
                           event_time: TIMESTAMP(3), new_user_flag: STRING}
                """);
        Files.writeString(dir.resolve("meta/channel_uv.yaml"), """
                name: channel_uv
                columns:
                  - {name: channel, type: STRING}
                  - {name: dt, type: STRING}
                  - {name: uv, type: BIGINT}
                  - {name: pv, type: BIGINT}
                primary-key: [channel, dt]
                kv:
                  kind: hbase
                  table: meta_channel_uv
                  zookeeper-quorum: ${hbase.zookeeper}
                  sink.buffer-flush.interval: 100 ms
                  lookup.cache: PARTIAL
                  lookup.partial-cache.max-rows: "100"
                """);
        project = Project.load(dir, new Project.Options(Optional.empty(), Map.of(), Secrets.of(Map.of()), dir));
    }

    /** A stream-mode environment with every meta-table compiled, stream sources bounded to what exists now. */
    private static StreamTableEnvironment compiled() {
        StreamTableEnvironment t = SharedMiniCluster.streaming(1, Map.of("table.local-time-zone", "UTC"));
        MetaTableCompiler.create().compile(project, project.tables(), Mode.STREAM, Optional.empty(), true)
                .executable(Secrets.of(Map.of())).forEach(t::executeSql);
        return t;
    }

    @SuppressWarnings("try") // CloseableIterator.close() may throw InterruptedException
    private static List<Row> collect(StreamTableEnvironment t, String sql) throws Exception {
        List<Row> out = new ArrayList<>();
        try (CloseableIterator<Row> it = t.executeSql(sql).collect()) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void kafkaRecordsComeBackThroughTheStreamMetaTable() throws Exception {
        List<Row> expected = EVENTS.stream().map(e -> Row.of(e.id(), e.user(), e.type(), e.channel(),
                Instant.ofEpochMilli(e.ts()), e.newUser())).toList();
        assertThat(collect(compiled(), "SELECT event_id, user_id, event_type, channel, event_time, new_user "
                + "FROM app_events")).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aServingMetaTableOfKindHBaseIsWrittenAndLookedUp() throws Exception {
        TestHBase.createTable(HBASE, "meta_channel_uv", 1);
        StreamTableEnvironment t = compiled();
        t.executeSql("INSERT INTO channel_uv SELECT channel, DATE_FORMAT(event_time, 'yyyy-MM-dd'), "
                + "COUNT(DISTINCT user_id), COUNT(*) FROM app_events GROUP BY channel, "
                + "DATE_FORMAT(event_time, 'yyyy-MM-dd')").await();

        Map<String, Set<Long>> users = new TreeMap<>();
        Map<String, Long> views = new TreeMap<>();
        for (Event e : EVENTS) {
            String key = e.channel() + "|" + Instant.ofEpochMilli(e.ts()).atZone(ZoneOffset.UTC).toLocalDate();
            users.computeIfAbsent(key, k -> new HashSet<>()).add(e.user());
            views.merge(key, 1L, Long::sum);
        }
        Map<String, Map<String, String>> expected = new TreeMap<>();
        users.forEach((k, u) -> expected.put(k, Map.of("uv", Long.toString(u.size()), "pv",
                Long.toString(views.get(k)))));
        assertThat(TestHBase.rows(HBASE, "meta_channel_uv", Set.of())).isEqualTo(expected);

        List<Row> looked = collect(t, "SELECT p.c, s.uv, s.pv FROM (SELECT c, d, PROCTIME() AS pt FROM (VALUES "
                + "('web', '2026-11-21'), ('tv', '2026-11-21')) AS v(c, d)) AS p LEFT JOIN channel_uv "
                + "FOR SYSTEM_TIME AS OF p.pt AS s ON s.channel = p.c AND s.dt = p.d");
        String web = "web|2026-11-21";
        assertThat(looked).containsExactlyInAnyOrder(
                Row.of("web", (long) users.get(web).size(), views.get(web)),
                Row.of("tv", null, null));
    }
}
