package io.rtw.kv.paimon;

import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The test data: a day's activity events per activity start and channel over three days, some keys missing on some
 * days, and the oracle (plain Java) of what an aggregation-merge Paimon table holds per key and day after they are
 * written in three commits.
 */
final class ActivityDays {

    static final List<String> DAYS = List.of("2026-11-01", "2026-11-02", "2026-11-03");
    static final List<String> STARTS = List.of("2026-11-01", "2026-10-15");
    static final List<String> CHANNELS = List.of("app", "web", "mini", "h5", "pc", "tv", "car", "watch");
    static final int COMMITS = 3;

    /** Keys absent on some days: an as-of lookup of such a day falls back to an earlier one, or finds nothing. */
    private static final Set<String> ABSENT = Set.of(
            "2026-11-03|2026-11-01|web",                                     // one day back
            "2026-11-02|2026-11-01|mini",                                    // one day back, present again later
            "2026-11-02|2026-11-01|car", "2026-11-03|2026-11-01|car",        // two days back
            "2026-11-01|2026-10-15|h5", "2026-11-03|2026-10-15|h5",          // first seen on the second day
            "2026-11-01|2026-10-15|tv", "2026-11-02|2026-10-15|tv", "2026-11-03|2026-10-15|tv"); // never

    /** One event; {@code commit} is the INSERT that writes it. */
    record Event(String dt, String start, String channel, long user, int score, boolean isNew, int commit) {
        String csv() {
            return String.join(",", dt, start, channel, Long.toString(user), Integer.toString(score),
                    Boolean.toString(isNew), Integer.toString(commit));
        }
    }

    /** What the table holds for one key and day: the merge of all its events. */
    record Merged(String dt, Set<Long> users, long pv, int peak, boolean anyNew, double hll) {}

    final List<Event> events = new ArrayList<>();
    /** day|start|channel to its merged row. */
    final Map<String, Merged> rows = new LinkedHashMap<>();

    ActivityDays(long seed) {
        Random random = new Random(seed);
        for (String day : DAYS) {
            for (String start : STARTS) {
                for (String channel : CHANNELS) {
                    if (ABSENT.contains(key(day, start, channel))) {
                        continue;
                    }
                    int n = 24 + random.nextInt(40);
                    for (int i = 0; i < n; i++) {
                        // Ids from a small range (shared by keys and days) and sparse 64-bit ones.
                        long user = random.nextBoolean() ? random.nextInt(300) : (1L << 42) + random.nextInt(5_000);
                        events.add(new Event(day, start, channel, user, random.nextInt(1_000),
                                random.nextInt(10) == 0, i % COMMITS));
                    }
                }
            }
        }
        Map<String, List<Event>> byKey = new LinkedHashMap<>();
        events.forEach(e -> byKey.computeIfAbsent(key(e.dt(), e.start(), e.channel()), k -> new ArrayList<>()).add(e));
        byKey.forEach((k, es) -> {
            HllSketch hll = new HllSketch(12, TgtHllType.HLL_4);
            Set<Long> users = new TreeSet<>();
            for (Event e : es) {
                users.add(e.user());
                hll.update(e.user());
            }
            rows.put(k, new Merged(es.get(0).dt(), users, es.size(), es.stream().mapToInt(Event::score).max()
                    .orElseThrow(), es.stream().anyMatch(Event::isNew), hll.getEstimate()));
        });
    }

    static String key(String dt, String start, String channel) {
        return dt + "|" + start + "|" + channel;
    }

    /** The as-of answer: the row of the latest day not after {@code dt} that has the key. */
    Optional<Merged> asOf(String dt, String start, String channel) {
        Optional<Merged> found = Optional.empty();
        for (String day : DAYS) {
            if (day.compareTo(dt) <= 0 && rows.containsKey(key(day, start, channel))) {
                found = Optional.of(rows.get(key(day, start, channel)));
            }
        }
        return found;
    }

    Path writeCsv(Path dir) throws IOException {
        Files.createDirectories(dir);
        return Files.write(dir.resolve("events.csv"), events.stream().map(Event::csv).toList());
    }

    /** The aggregation-merge table's DDL: 4 fixed buckets, partitioned by day, no changelog producer. */
    static String createTable(String name) {
        return "CREATE TABLE " + name + " (dt STRING, activity_start STRING, channel STRING, bitmap BYTES, hll BYTES, "
                + "pv BIGINT, peak INT, any_new BOOLEAN, PRIMARY KEY (dt, activity_start, channel) NOT ENFORCED) "
                + "PARTITIONED BY (dt) WITH ('bucket' = '4', 'merge-engine' = 'aggregation', "
                + "'fields.bitmap.aggregate-function' = 'rbm64', 'fields.hll.aggregate-function' = 'hll_sketch', "
                + "'fields.pv.aggregate-function' = 'sum', 'fields.peak.aggregate-function' = 'max', "
                + "'fields.any_new.aggregate-function' = 'bool_or')";
    }

    /** The INSERT of one commit's events, each key's piece built by the rtw functions. */
    static String insert(String table, int commit) {
        return "INSERT INTO " + table + " SELECT dt, activity_start, channel, bitmap64_build(user_id), "
                + "hll_sketch(user_id), COUNT(*), MAX(score), COUNT(*) FILTER (WHERE is_new) > 0 FROM events "
                + "WHERE piece = " + commit + " GROUP BY dt, activity_start, channel";
    }
}
