package io.rtw.quality;

import io.rtw.test.TestFlink;

import io.rtw.meta.Project;
import io.rtw.meta.Secrets;

import org.apache.datasketches.hll.HllSketch;
import org.apache.flink.table.api.TableEnvironment;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Test data for the example warehouse's {@code app_uv} metric: generated events, the per-minute cumulative rows
 * a job would write for them (computed here in plain Java), and a batch environment writing them to Paimon.
 */
final class ExampleData {

    static final LocalDate DAY = LocalDate.of(2026, 11, 21);
    static final String[] CHANNELS = {"app", "web", "mini"};

    /** One event: channel, user, wall-clock event time in Shanghai. */
    record Event(String channel, long user, LocalDateTime time) {}

    /** One result row of paimon.ads.app_uv_minute. */
    record Minute(String dt, String channel, LocalDateTime end, long pv, long uv, double uvHll, byte[] hll) {
        Object[] row() {
            return new Object[] {dt, channel, end, pv, uv, uvHll, hll};
        }
    }

    private ExampleData() {}

    /** {@code minutes} minutes of on-time events from the day's start: one every 10 s, channels in turn. */
    static List<Event> onTime(LocalDate day, int minutes, int users, int seed) {
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < minutes * 6; i++) {
            out.add(new Event(CHANNELS[i % 3], (i * 7919L + seed) % users + 1, day.atStartOfDay().plusSeconds(10L * i)));
        }
        return out;
    }

    /** The cumulative rows per channel and for '__all__' at every minute end from 00:01 to {@code minutes}. */
    static List<Minute> minutes(LocalDate day, int minutes, List<Event> events) {
        List<Event> sorted = new ArrayList<>(events);
        sorted.sort((a, b) -> a.time().compareTo(b.time()));
        List<Minute> out = new ArrayList<>();
        List<String> keys = new ArrayList<>(List.of(CHANNELS));
        keys.add("__all__");
        for (String key : keys) {
            Predicate<Event> in = e -> key.equals("__all__") || e.channel().equals(key);
            for (int m = 1; m <= minutes; m++) {
                LocalDateTime end = day.atStartOfDay().plusMinutes(m);
                long pv = 0;
                Set<Long> users = new HashSet<>();
                HllSketch hll = new HllSketch(12);
                for (Event e : sorted) {
                    if (in.test(e) && e.time().isBefore(end)) {
                        pv++;
                        users.add(e.user());
                        hll.update(e.user());
                    }
                }
                out.add(new Minute(day.toString(), key, end, pv, users.size(), hll.getCompositeEstimate(),
                        hll.toCompactByteArray()));
            }
        }
        return out;
    }

    /** The example project over a warehouse below {@code home}. */
    static Project project(Path home) {
        return Project.load(Path.of(System.getProperty("rtw.sql", "../sql")), new Project.Options(Optional.empty(),
                Map.of("warehouse", "file://" + home.resolve("warehouse")), Secrets.of(Map.of()), home));
    }

    /** A batch environment on a loopback MiniCluster with the warehouse as catalog {@code paimon}. */
    static TableEnvironment env(Path home) {
        return TestFlink.warehouse(home.resolve("warehouse"));
    }

    /** Creates {@code table} (db.name) with the schema of sql/jobs/app_uv.sql's paimon.ads.app_uv_minute. */
    static void createMinuteTable(TableEnvironment env, String table) {
        env.executeSql("CREATE DATABASE IF NOT EXISTS paimon." + table.substring(0, table.indexOf('.')));
        env.executeSql("CREATE TABLE IF NOT EXISTS paimon." + table + " (dt STRING, channel STRING, minute_end "
                + "TIMESTAMP(3), pv BIGINT, uv BIGINT, uv_hll DOUBLE, hll BYTES, PRIMARY KEY (dt, channel, minute_end)"
                + " NOT ENFORCED) PARTITIONED BY (dt) WITH ('bucket' = '1')");
    }

    /** Upserts rows into {@code table} (db.name) and waits. */
    static void write(TableEnvironment env, String table, List<Minute> rows) {
        String[] parts = table.split("\\.");
        PaimonRows.write(env, "paimon", parts[0], parts[1], null, rows.stream().map(Minute::row).toList());
    }

    /** Writes late records (the columns reconciliation reads) into paimon.ods.app_events_late. */
    static void writeLate(TableEnvironment env, List<Event> late) throws Exception {
        env.executeSql("CREATE DATABASE IF NOT EXISTS paimon.ods");
        env.executeSql("CREATE TABLE IF NOT EXISTS paimon.ods.app_events_late (event_id STRING, user_id BIGINT, "
                + "channel STRING, event_time TIMESTAMP_LTZ(3), dt STRING)");
        List<String> values = new ArrayList<>();
        for (int i = 0; i < late.size(); i++) {
            Event e = late.get(i);
            values.add("('late-" + i + "', " + e.user() + ", '" + e.channel() + "', CAST(TIMESTAMP '"
                    + e.time().format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))
                    + "' AS TIMESTAMP_LTZ(3)), '" + e.time().toLocalDate() + "')");
        }
        env.executeSql("INSERT INTO paimon.ods.app_events_late VALUES " + String.join(", ", values)).await();
    }

    /** Rows by channel and minute end. */
    static Map<String, Minute> byKey(List<Minute> rows) {
        Map<String, Minute> out = new TreeMap<>();
        rows.forEach(r -> out.put(r.channel() + "@" + r.end(), r));
        return out;
    }
}
