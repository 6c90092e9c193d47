package io.rtw.meta;

import io.rtw.meta.sql.MetaTableCompiler;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example's {@code app_events} meta-table, executed on a real Flink: batch over a real Paimon
 * warehouse holding rows in the batch encoding, stream over JSON records in the stream encoding. The same
 * logical rows, with the same schema, must come out of both, and equal what plain Java expects.
 */
class MetaTableBothModesITCase {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final LocalDate DAY = LocalDate.of(2026, 11, 21);

    /** One logical event: what both encodings describe. */
    record Event(String id, long user, String type, String channel, Instant time, boolean newUser) {
        LocalDateTime wall() {
            return LocalDateTime.ofInstant(time, SHANGHAI);
        }

        String streamJson() {
            return String.format("{\"event_id\":\"%s\",\"user_id\":%d,\"event_type\":\"%s\",\"channel\":\"%s\","
                    + "\"ts\":%d,\"new_user\":%d}", id, user, type, channel, time.toEpochMilli(), newUser ? 1 : 0);
        }

        String batchValues() {
            return String.format("('%s', %d, '%s', '%s', TIMESTAMP '%s', '%s', '%s')", id, user, type, channel,
                    wall().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")), newUser ? "Y" : "N", wall().toLocalDate());
        }
    }

    private static final List<Event> EVENTS = List.of(
            event("e1", 1, "view", "app", "2026-11-20T23:59:59.999", false),
            event("e2", 1, "view", "app", "2026-11-21T00:00:00.000", false),
            event("e3", 2, "click", "web", "2026-11-21T08:30:15.250", true),
            event("e4", 3, "view", "mini", "2026-11-21T12:00:00.001", false),
            event("e5", 2, "view", "web", "2026-11-21T12:00:04.000", true),
            event("e6", 4, "view", "app", "2026-11-21T23:59:59.999", true),
            event("e7", 4, "view", "app", "2026-11-22T00:00:00.000", false));

    @TempDir static Path base;
    static Project project;

    private static Event event(String id, long user, String type, String channel, String wall, boolean newUser) {
        return new Event(id, user, type, channel, LocalDateTime.parse(wall).atZone(SHANGHAI).toInstant(), newUser);
    }

    @BeforeAll
    static void prepareBothSources() throws Exception {
        Path warehouse = base.resolve("warehouse");
        Path streamDir = Files.createDirectories(base.resolve("stream"));
        Files.write(streamDir.resolve("events.json"), EVENTS.stream().map(Event::streamJson).toList());

        Path dir = Files.createDirectories(base.resolve("project/meta"));
        Files.writeString(dir.getParent().resolve("rtw.yaml"),
                Files.readString(Path.of("../sql/rtw.yaml")).replace("${rtw.home}/warehouse", warehouse.toString()));
        String example = Files.readString(Path.of("../sql/meta/app_events.yaml"));
        String stream = example.substring(example.indexOf("\nstream:"), example.indexOf("\nbatch:"));
        // rtw-json (dead letters) lives in stream-jobs; here the plain json format reads the same fields.
        String fileStream = stream.replaceAll("(?s)  kind: kafka.*?  fields:",
                "  kind: filesystem\n  path: " + streamDir + "\n  format: json\n  fields:");
        Files.writeString(dir.resolve("app_events.yaml"), example.replace(stream, fileStream));
        project = Project.load(dir.getParent(), new Project.Options(Optional.empty(), Map.of(),
                Secrets.of(Map.of()), base));

        TableEnvironment env = env(Mode.BATCH);
        env.executeSql("CREATE CATALOG paimon WITH ('type' = 'paimon', 'warehouse' = 'file://" + warehouse + "')");
        env.executeSql("CREATE DATABASE paimon.ods");
        env.executeSql("CREATE TABLE paimon.ods.app_events (event_id STRING, user_id BIGINT, event_type STRING, "
                + "channel STRING, event_time TIMESTAMP(3), new_user_flag STRING, dt STRING) PARTITIONED BY (dt)");
        env.executeSql("INSERT INTO paimon.ods.app_events VALUES "
                + EVENTS.stream().map(Event::batchValues).collect(Collectors.joining(", "))).await();
    }

    static TableEnvironment env(Mode mode) {
        Configuration conf = new Configuration();
        conf.setString("rest.bind-address", "127.0.0.1");
        conf.setString("rest.address", "127.0.0.1");
        conf.setString("jobmanager.bind-host", "127.0.0.1");
        conf.setString("jobmanager.rpc.address", "127.0.0.1");
        conf.setString("taskmanager.bind-host", "127.0.0.1");
        conf.setString("taskmanager.host", "127.0.0.1");
        conf.setString("restart-strategy.type", "none");
        conf.setString("parallelism.default", "1");
        conf.setString("table.local-time-zone", SHANGHAI.getId());
        EnvironmentSettings.Builder settings = EnvironmentSettings.newInstance().withConfiguration(conf);
        return TableEnvironment.create(mode == Mode.STREAM ? settings.inStreamingMode().build()
                : settings.inBatchMode().build());
    }

    static TableEnvironment compiled(Mode mode) {
        TableEnvironment env = env(mode);
        MetaTableCompiler.create().compile(project, mode, Optional.of(DAY)).executable(Secrets.of(Map.of()))
                .forEach(env::executeSql);
        return env;
    }

    static List<String> rows(TableEnvironment env, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (CloseableIterator<Row> it = env.executeSql(sql).collect()) {
            it.forEachRemaining(r -> out.add(r.toString()));
        }
        out.sort(null);
        return out;
    }

    @Test
    void bothModesYieldTheSameLogicalRowsAsPlainJavaExpects() throws Exception {
        String sql = "SELECT event_id, user_id, event_type, channel, event_time, new_user, pv FROM app_events "
                + "WHERE DATE_FORMAT(event_time, 'yyyy-MM-dd') = '" + DAY + "'";
        List<String> expected = EVENTS.stream()
                .filter(e -> e.wall().toLocalDate().equals(DAY))
                .map(e -> Row.of(e.id(), e.user(), e.type(), e.channel(), e.time(), e.newUser(), 1L).toString())
                .sorted()
                .toList();

        List<String> batch = rows(compiled(Mode.BATCH), sql);
        List<String> stream = rows(compiled(Mode.STREAM), sql);

        assertThat(expected).hasSize(5);
        assertThat(batch).containsExactlyElementsOf(expected);
        assertThat(stream).containsExactlyElementsOf(expected);
    }

    @Test
    void batchReadsOnlyTheBusinessDaysPartition() throws Exception {
        assertThat(rows(compiled(Mode.BATCH), "SELECT event_id FROM app_events"))
                .containsExactly("+I[e2]", "+I[e3]", "+I[e4]", "+I[e5]", "+I[e6]");
    }

    @Test
    void bothModesHaveTheSameSchema() {
        Map<String, String> batch = schema(compiled(Mode.BATCH));
        Map<String, String> stream = schema(compiled(Mode.STREAM));
        assertThat(stream).isEqualTo(batch);
        assertThat(batch).containsEntry("event_time", "TIMESTAMP_LTZ(3)").containsEntry("new_user", "BOOLEAN")
                .containsEntry("pv", "BIGINT").hasSize(7);
    }

    @Test
    void aCumulativeWindowGivesTheSameAnswerInBothModes() throws Exception {
        String sql = "SELECT window_end, COUNT(DISTINCT user_id) AS uv, SUM(pv) AS pv FROM TABLE(CUMULATE("
                + "TABLE app_events, DESCRIPTOR(event_time), INTERVAL '6' HOUR, INTERVAL '1' DAY)) "
                + "WHERE DATE_FORMAT(event_time, 'yyyy-MM-dd') = '" + DAY + "' GROUP BY window_start, window_end";
        // Oracle: cumulative distinct users and views at each 6-hour step of the day.
        List<String> expected = new ArrayList<>();
        for (int step = 1; step <= 4; step++) {
            LocalDateTime end = DAY.atStartOfDay().plusHours(6L * step);
            List<Event> upTo = EVENTS.stream().filter(e -> e.wall().toLocalDate().equals(DAY))
                    .filter(e -> e.wall().isBefore(end)).toList();
            if (!upTo.isEmpty()) {
                expected.add(Row.of(end, upTo.stream().map(Event::user).distinct().count(), (long) upTo.size())
                        .toString());
            }
        }
        expected.sort(null);

        assertThat(rows(compiled(Mode.BATCH), sql)).containsExactlyElementsOf(expected);
        assertThat(rows(compiled(Mode.STREAM), sql)).containsExactlyElementsOf(expected);
    }

    private static Map<String, String> schema(TableEnvironment env) {
        Map<String, String> out = new TreeMap<>();
        for (Column c : env.from("app_events").getResolvedSchema().getColumns()) {
            LogicalType t = c.getDataType().getLogicalType();
            out.put(c.getName(), t.asSummaryString().replace(" *ROWTIME*", ""));
        }
        return out;
    }
}
