package io.rtw.stream;

import io.rtw.meta.Mode;
import io.rtw.meta.Project;
import io.rtw.meta.Secrets;
import io.rtw.meta.sql.MetaTableCompiler;
import io.rtw.test.TestFlink;

import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.TableEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stream source with malformed and late records, run for real: every valid on-time record reaches the
 * logical table, every malformed one the dead-letter table with its reason, every late one the late table,
 * and nothing is lost or doubled. Expected rows come from plain Java over the same lines.
 */
class StreamErrorsITCase {

    private static final long DELAY = 5_000;

    @TempDir Path base;

    private Project project(Path input) throws Exception {
        Path dir = Files.createDirectories(base.resolve("project/meta"));
        Files.writeString(dir.getParent().resolve("rtw.yaml"), """
                name: errors
                time-zone: Asia/Shanghai
                catalogs:
                  paimon: {type: paimon, warehouse: "file://%s"}
                """.formatted(base.resolve("warehouse")));
        Files.writeString(dir.resolve("clicks.yaml"), """
                name: clicks
                columns:
                  - {name: id, type: STRING}
                  - {name: user_id, type: BIGINT}
                  - name: click_time
                    type: TIMESTAMP_LTZ(3)
                    stream: {expr: "TO_TIMESTAMP_LTZ(ts, 3)"}
                    batch: {expr: "TO_TIMESTAMP_LTZ(click_ts, 0)"}
                event-time: {column: click_time, watermark-delay: 5s, watermark-emit: on-event}
                stream:
                  kind: filesystem
                  path: %s
                  format: json
                  dead-letter-table: paimon.ods.clicks_dead_letter
                  late-table: paimon.ods.clicks_late
                  fields: {id: STRING, user_id: BIGINT, ts: BIGINT}
                batch:
                  kind: paimon
                  database: ods
                  table: clicks
                  partition-column: dt
                  archive:
                    click_ts: "UNIX_TIMESTAMP(DATE_FORMAT(click_time, 'yyyy-MM-dd HH:mm:ss'))"
                    dt: "DATE_FORMAT(click_time, 'yyyy-MM-dd')"
                  fields: {id: STRING, user_id: BIGINT, click_ts: BIGINT, dt: STRING}

                """.formatted(input));
        return Project.load(dir.getParent(), new Project.Options(Optional.empty(), Map.of(), Secrets.of(Map.of()), base));
    }

    @Test
    void malformedAndLateRecordsAreRoutedNotLost() throws Exception {
        long t0 = 1_763_683_200_000L; // 2025-11-21T00:00:00Z
        List<String> lines = List.of(
                json("a", 1, t0),
                json("b", 2, t0 + 10_000),
                "{\"id\":\"c\",\"user_id\":",                      // truncated JSON
                json("d", 3, t0 + 4_000),                          // 6 s behind the max: late
                "{\"id\":\"e\",\"ts\":" + (t0 + 11_000) + "}",     // no user_id
                json("f", 4, t0 + 5_000),                          // exactly at the watermark: late
                json("g", 5, t0 + 5_001),                          // 1 ms ahead of it: on time
                "{\"id\":\"h\",\"user_id\":\"x7\",\"ts\":1}",      // garbled user_id
                json("i", 6, t0 + 60_000));
        Path input = Files.createDirectories(base.resolve("input"));
        Files.write(input.resolve("clicks.json"), lines);

        // Oracle: on-event watermarks, so a record is late when its time is at or below the largest time
        // seen before it minus the delay; malformed records never move the watermark.
        List<String> valid = new ArrayList<>();
        List<String> late = new ArrayList<>();
        long max = Long.MIN_VALUE;
        for (String line : lines) {
            if (!line.matches("\\{\"id\":\"\\w\",\"user_id\":\\d+,\"ts\":\\d+}")) {
                continue;
            }
            String id = line.substring(7, 8);
            long ts = Long.parseLong(line.replaceAll(".*\"ts\":(\\d+)}", "$1"));
            (max != Long.MIN_VALUE && ts <= max - DELAY ? late : valid).add(id);
            max = Math.max(max, ts);
        }

        Project p = project(input);
        MetaTableCompiler compiler = MetaTableCompiler.create();
        TableEnvironment env = TestFlink.env(true, Map.of("execution.checkpointing.interval", "1 s"));
        compiler.compile(p, Mode.STREAM, Optional.empty()).executable(Secrets.of(Map.of())).forEach(env::executeSql);
        env.executeSql("CREATE TABLE paimon.ods.clicks_valid (id STRING, user_id BIGINT, click_time TIMESTAMP_LTZ(3))");
        StatementSet set = env.createStatementSet();
        set.addInsertSql("INSERT INTO paimon.ods.clicks_valid SELECT * FROM clicks");
        compiler.sideInserts(p.tables(), Mode.STREAM).statements().forEach(set::addInsertSql);
        set.execute().await();

        TableEnvironment batch = TestFlink.warehouse(base.resolve("warehouse"));
        assertThat(valid).containsExactly("a", "b", "g", "i");
        assertThat(late).containsExactly("d", "f");
        assertThat(TestFlink.rows(batch, "SELECT id FROM paimon.ods.clicks_valid")).containsExactlyElementsOf(rowsOf(valid));
        assertThat(TestFlink.rows(batch, "SELECT id FROM paimon.ods.clicks_late")).containsExactlyElementsOf(rowsOf(late));
        assertThat(TestFlink.rows(batch, "SELECT id, CAST(`watermark` AS STRING) FROM paimon.ods.clicks_late WHERE id = 'd'"))
                .containsExactly("+I[d, 2025-11-21 08:00:05.000]");
        List<String> archived = new ArrayList<>(valid);
        archived.addAll(late);
        assertThat(TestFlink.rows(batch, "SELECT id FROM paimon.ods.clicks")).containsExactlyElementsOf(rowsOf(archived));
        assertThat(TestFlink.rows(batch, "SELECT id, user_id, click_ts, dt FROM paimon.ods.clicks WHERE id = 'g'"))
                .containsExactly("+I[g, 5, " + (t0 + 5_001) / 1000 + ", 2025-11-21]");
        assertThat(TestFlink.rows(batch, "SELECT reason, payload FROM paimon.ods.clicks_dead_letter")).containsExactly(
                "+I[field 'user_id': expected BIGINT, got \"x7\", " + lines.get(7) + "]",
                "+I[missing required field 'user_id', " + lines.get(4) + "]",
                "+I[not valid JSON: Unexpected end-of-input within/between Object entries, " + lines.get(2) + "]");
    }

    /**
     * Values a column's expression cannot read, run for real: a time the expression cannot parse (once made epoch 0,
     * late, and archived in a NULL partition), a CAST that fails (once a failed job), a NOT NULL column that comes out
     * NULL, and a value outside a value map, each a dead letter with its reason; the other records go on untouched,
     * also those after a bad one, and the job does not fail.
     */
    @Test
    void valuesAColumnCannotReadAreDeadLettersNotFailuresOrEpochZero() throws Exception {
        Path dir = Files.createDirectories(base.resolve("expr/meta"));
        Files.writeString(dir.getParent().resolve("rtw.yaml"), """
                name: expr
                time-zone: Asia/Shanghai
                catalogs:
                  paimon: {type: paimon, warehouse: "file://%s"}
                """.formatted(base.resolve("expr-warehouse")));
        Path input = Files.createDirectories(base.resolve("expr-input"));
        Files.writeString(dir.resolve("visits.yaml"), """
                name: visits
                columns:
                  - {name: id, type: STRING NOT NULL}
                  - name: visit_time
                    type: TIMESTAMP_LTZ(3)
                    stream: {expr: "CAST(TO_TIMESTAMP(seen, 'yyyy-MM-dd HH:mm:ss') AS TIMESTAMP_LTZ(3))"}
                  - name: pages
                    type: INT NOT NULL
                    stream: {expr: "CAST(NULLIF(pages_text, '-') AS INT)"}
                  - name: device
                    type: STRING
                    stream: {from: dev, values: {"1": ios, "2": android}}
                event-time: {column: visit_time, watermark-delay: 1s, watermark-emit: on-event}
                stream:
                  kind: filesystem
                  path: %s
                  format: json
                  dead-letter-table: paimon.ods.visits_dead_letter
                  fields: {id: STRING, seen: STRING, pages_text: STRING, dev: INT}
                batch:
                  kind: paimon
                  database: ods
                  table: visits
                  partition-column: dt
                  dead-letter-table: paimon.ods.visits_bad
                  archive:
                    dt: "DATE_FORMAT(visit_time, 'yyyy-MM-dd')"
                  fields: {id: STRING, visit_time: TIMESTAMP(3), pages: INT, device: STRING, dt: STRING}
                """.formatted(input));
        List<String> lines = List.of(
                visit("a", "2026-11-21 10:00:00", "3", 1),
                visit("b", "yesterday", "3", 1),                // no time: once epoch 0
                visit("c", "2026-11-21 10:00:01", "three", 2),  // a CAST that fails: once a failed job
                visit("d", "2026-11-21 10:00:02", "-", 2),      // NULL in a NOT NULL column
                visit("e", "2026-11-21 10:00:03", "4", 7),      // outside the value map
                visit("f", "2026-11-21 10:00:04", "5", 2));
        Files.write(input.resolve("visits.json"), lines);
        Project p = Project.load(dir.getParent(), new Project.Options(Optional.empty(), Map.of(), Secrets.of(Map.of()),
                base));
        MetaTableCompiler compiler = MetaTableCompiler.create();
        TableEnvironment env = TestFlink.env(true, Map.of("execution.checkpointing.interval", "1 s"));
        compiler.compile(p, Mode.STREAM, Optional.empty()).executable(Secrets.of(Map.of())).forEach(env::executeSql);
        env.executeSql("CREATE TABLE paimon.ods.visits_valid (id STRING, visit_time TIMESTAMP_LTZ(3), pages INT, "
                + "device STRING)");
        StatementSet set = env.createStatementSet();
        set.addInsertSql("INSERT INTO paimon.ods.visits_valid SELECT * FROM visits");
        compiler.sideInserts(p.tables(), Mode.STREAM).statements().forEach(set::addInsertSql);
        set.execute().await();

        TableEnvironment batch = TestFlink.warehouse(base.resolve("expr-warehouse"));
        assertThat(TestFlink.rows(batch, "SELECT id, CAST(visit_time AS STRING), pages, device FROM paimon.ods.visits_valid"))
                .containsExactly("+I[a, 2026-11-21 10:00:00.000, 3, ios]", "+I[f, 2026-11-21 10:00:04.000, 5, android]");
        assertThat(TestFlink.rows(batch, "SELECT reason, payload FROM paimon.ods.visits_dead_letter")).containsExactly(
                "+I[column 'pages' is NOT NULL but NULL from expr CAST(NULLIF(pages_text, '-') AS INT), " + lines.get(3) + "]",
                "+I[column 'pages': CAST(NULLIF(pages_text, '-') AS INT) failed on \"three\", " + lines.get(2) + "]",
                "+I[column 'visit_time' is the event time but NULL from expr CAST(TO_TIMESTAMP(seen, 'yyyy-MM-dd "
                        + "HH:mm:ss') AS TIMESTAMP_LTZ(3)), " + lines.get(1) + "]",
                "+I[field 'dev': \"7\" is not one of 1, 2, " + lines.get(4) + "]");
        assertThat(TestFlink.rows(batch, "SELECT id, CAST(visit_time AS STRING), pages, device, dt FROM paimon.ods.visits"))
                .containsExactly("+I[a, 2026-11-21 10:00:00.000, 3, ios, 2026-11-21]",
                        "+I[f, 2026-11-21 10:00:04.000, 5, android, 2026-11-21]");
    }

    private static String visit(String id, String at, String pages, int dev) {
        return "{\"id\":\"" + id + "\",\"seen\":\"" + at + "\",\"pages_text\":\"" + pages + "\",\"dev\":" + dev + "}";
    }

    @Test
    void theExampleKafkaBindingIsPlannedWithDeadLettersLateRecordsAndItsWatermark() {
        Project example = Project.load(Path.of("../sql"), new Project.Options(Optional.empty(),
                Map.of("warehouse", "file://" + base.resolve("plan")), Secrets.of(Map.of()), base));
        TableEnvironment env = TestFlink.env(true, Map.of("execution.checkpointing.interval", "1 s"));
        MetaTableCompiler compiler = MetaTableCompiler.create();
        compiler.compile(example, Mode.STREAM, Optional.empty()).executable(Secrets.of(Map.of())).forEach(env::executeSql);

        StatementSet set = env.createStatementSet();
        compiler.sideInserts(example.tables(), Mode.STREAM).statements().forEach(set::addInsertSql);
        env.executeSql("CREATE TEMPORARY TABLE sink (window_end TIMESTAMP(3), pv BIGINT) WITH ('connector' = 'blackhole')");
        set.addInsertSql("INSERT INTO sink SELECT window_end, SUM(pv) FROM TABLE(CUMULATE(TABLE app_events, "
                + "DESCRIPTOR(event_time), INTERVAL '1' MINUTE, INTERVAL '1' DAY)) GROUP BY window_start, window_end");
        String plan = set.explain();

        assertThat(plan).contains("app_events$source").contains("metadata=[topic, partition, offset, timestamp]")
                .contains("fields=[event_id, user_id, event_type, channel, ts, new_user, rtw$error, rtw$payload")
                .contains("watermark=[-(COALESCE(TRY_CAST(TO_TIMESTAMP_LTZ(ts, 3) AS TIMESTAMP_WITH_LOCAL_TIME_ZONE(3)), "
                        + "1970-01-01 00:00:00:TIMESTAMP_WITH_LOCAL_TIME_ZONE(3)), 5000:INTERVAL SECOND)]")
                .contains("paimon.ods.app_events_dead_letter").contains("paimon.ods.app_events_late")
                .contains("Sink(table=[paimon.ods.app_events], fields=[event_id, user_id, event_type, channel, event_time, "
                        + "new_user_flag, dt]")
                .contains("WindowAggregate");
    }

    private static String json(String id, long user, long ts) {
        return "{\"id\":\"" + id + "\",\"user_id\":" + user + ",\"ts\":" + ts + "}";
    }

    private static List<String> rowsOf(List<String> ids) {
        return ids.stream().map(id -> "+I[" + id + "]").sorted().toList();
    }
}
