package io.rtw.udf;

import io.rtw.test.TestFlink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.CloseableIterator;

/** Local Flink table environments for the ITCases (loopback only, bounded restarts, no generic types) and test events. */
final class FlinkTestEnv {

    static final LocalDateTime DAY = LocalDateTime.of(2024, 1, 1, 0, 0);
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private FlinkTestEnv() {}

    /** One event of the test day. */
    record Event(long userId, String userName, int uid32, String channel, int minute, LocalDateTime ts) {}

    /**
     * {@code n} events of one day from {@code users} users: BIGINT ids above 2^32, INT ids spread over the whole INT
     * range (negative ones too), names, three channels, every minute of the day.
     */
    static List<Event> events(int n, int users, long seed) {
        Random random = new Random(seed);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int u = random.nextInt(users);
            int minute = random.nextInt(1440);
            LocalDateTime ts = DAY.plusMinutes(minute).plusSeconds(random.nextInt(60)).plusNanos(random.nextInt(1000) * 1_000_000L);
            events.add(new Event(10_000_000_000L + u * 7919L, "user-" + u, (int) (u * 2654435761L),
                    "ch" + random.nextInt(3), minute, ts));
        }
        events.sort((a, b) -> a.ts().compareTo(b.ts()));
        return events;
    }

    static Path writeCsv(Path dir, List<Event> events) throws IOException {
        Files.createDirectories(dir);
        StringBuilder csv = new StringBuilder();
        for (Event e : events) {
            csv.append(e.userId()).append(',').append(e.userName()).append(',').append(e.uid32()).append(',')
                    .append(e.channel()).append(',').append(e.minute()).append(',').append(TS.format(e.ts())).append('\n');
        }
        Path file = dir.resolve("events.csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        return dir;
    }

    /**
     * What these tests add to the harness: two slots and parallelism 2 (the functions' merges run), the JVM's zone, and
     * any Kryo fallback (a generic type anywhere in the job, accumulators included) failing the job.
     */
    private static final Map<String, String> SETTINGS = Map.of("rest.bind-port", "0", "parallelism.default", "2",
            "taskmanager.numberOfTaskSlots", "2", "pipeline.generic-types", "false",
            "table.exec.resource.default-parallelism", "2", "table.local-time-zone", "default");

    static TableEnvironment env(boolean streaming, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(SETTINGS);
        settings.putAll(extra);
        return TestFlink.env(streaming, settings);
    }

    static void createEvents(TableEnvironment env, Path dir) {
        env.executeSql("CREATE TEMPORARY TABLE events ("
                + " user_id BIGINT, user_name STRING, uid32 INT, channel STRING, minute_of_day INT, ts TIMESTAMP(3),"
                + " WATERMARK FOR ts AS ts - INTERVAL '5' SECOND"
                + ") WITH ('connector' = 'filesystem', 'path' = '" + dir.toUri() + "', 'format' = 'csv')");
    }

    /** All rows of a query; for a changelog, the final state (rows with the same key columns replaced, retractions applied). */
    static List<Row> collect(TableEnvironment env, String sql) throws Exception {
        TableResult result = env.executeSql(sql);
        List<Row> rows = new ArrayList<>();
        CloseableIterator<Row> it = result.collect();
        try {
            while (it.hasNext()) {
                Row row = it.next();
                RowKind kind = row.getKind();
                row.setKind(RowKind.INSERT);
                if (kind == RowKind.INSERT || kind == RowKind.UPDATE_AFTER) {
                    rows.add(row);
                } else {
                    rows.remove(row);
                }
            }
        } finally {
            it.close();
        }
        return rows;
    }
}
