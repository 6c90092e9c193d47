package io.rtw.batch;

import io.rtw.runtime.WarehouseSession;
import io.rtw.runtime.Target;
import io.rtw.runtime.RunOptions;
import io.rtw.runtime.JobRequest;
import io.rtw.meta.Mode;
import io.rtw.meta.Project;
import io.rtw.meta.Secrets;
import io.rtw.stream.ExampleDay;
import io.rtw.stream.StreamRuns;

import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The example warehouse in a temp directory for batch tests (or where the variable {@code warehouse} says): day
 * partitions written directly, rows read back.
 */
final class TestWarehouse {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final java.time.format.DateTimeFormatter TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    final Project project;
    private final Path home;

    TestWarehouse(Path home, Map<String, String> vars) {
        this.home = home;
        Map<String, String> all = new java.util.HashMap<>(vars);
        all.putIfAbsent("warehouse", "file://" + home.resolve("warehouse"));
        all.putIfAbsent("watermark.emit", "on-event");
        this.project = Project.load(Path.of("../sql"), new Project.Options(Optional.empty(), all, Secrets.of(Map.of()),
                home));
    }

    /** Runs {@code request} as rtw run does (a batch day through {@link BatchDay}), its progress to {@code out}. */
    static void run(StringWriter out, JobRequest request) {
        PrintWriter progress = new PrintWriter(out, true);
        if (request.mode() == Mode.BATCH) {
            BatchDay.run(request, Secrets.of(Map.of()), progress);
        } else {
            StreamRuns.run(request, Secrets.of(Map.of()), progress);
        }
    }

    /** A session of batch queries over the warehouse, its batch sources over {@code day}. */
    WarehouseSession queries(LocalDate day) {
        return WarehouseSession.forQueries(project, Optional.of(day), Map.of(), Secrets.of(Map.of()), "app_uv.sql");
    }

    /** The example job's run spec for one day. */
    JobRequest spec(Mode mode, LocalDate day, Map<String, String> conf) {
        return new JobRequest(project, project.dir().resolve("jobs/app_uv.sql"), mode, Optional.of(day),
                new RunOptions(Target.local(), mode == Mode.STREAM, Optional.empty(), conf));
    }

    /** Writes the non-malformed messages as the day's partition of ods.app_events, in the batch encoding. */
    void archive(LocalDate day, List<ExampleDay.Message> messages) throws IOException {
        Path dir = Files.createDirectories(home.resolve("input-" + day));
        List<String> lines = new ArrayList<>();
        for (ExampleDay.Message m : messages) {
            if (m.kind() != ExampleDay.Kind.MALFORMED) {
                LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochMilli(m.ts()), SHANGHAI);
                lines.add("{\"event_id\":\"" + m.eventId() + "\",\"user_id\":" + m.userId()
                        + ",\"event_type\":\"view\",\"channel\":" + (m.channel() == null ? "null" : "\"" + m.channel()
                        + "\"") + ",\"event_time\":\"" + TIME.format(t) + "\",\"new_user_flag\":\""
                        + (m.newUser() ? "Y" : "N") + "\"}");
            }
        }
        Files.write(dir.resolve("part-0.json"), lines);
        TableEnvironment env = queries(day).env();
        env.executeSql("CREATE TEMPORARY TABLE input (event_id STRING, user_id BIGINT, event_type STRING, channel STRING, "
                + "event_time TIMESTAMP(3), new_user_flag STRING) WITH ('connector' = 'filesystem', "
                + "'path' = 'file://" + dir + "', 'format' = 'json')");
        try {
            env.executeSql("INSERT OVERWRITE paimon.ods.app_events PARTITION (dt = '" + day + "') SELECT event_id, "
                    + "user_id, event_type, channel, event_time, new_user_flag FROM input").await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The rows of a batch query over the warehouse, as text and sorted. */
    List<String> rows(String sql) {
        List<String> out = new ArrayList<>();
        for (Row r : queries(LocalDate.of(2026, 1, 1)).rows(sql)) {
            out.add(r.toString());
        }
        out.sort(null);
        return out;
    }
}
