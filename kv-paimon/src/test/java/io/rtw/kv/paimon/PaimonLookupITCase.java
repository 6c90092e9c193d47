package io.rtw.kv.paimon;

import io.rtw.udf.RtwFunctions;

import org.apache.datasketches.hll.HllSketch;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.longlong.Roaring64Bitmap;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A streaming job looks rows up in a real Paimon aggregation-merge table (rbm64 bitmaps written by
 * {@code bitmap64_build}, hll_sketch, sum, max, bool_or; 4 buckets, three day partitions, three commits) through
 * {@code rtw-paimon-lookup}, as of the probe's day; some probes have a NULL key value. Expected rows come from the
 * events in plain Java; the reads issued from the lookup function's counters.
 */
class PaimonLookupITCase {

    static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(loopback(REPORTER.addToConfiguration(new Configuration())))
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @TempDir static Path dir;
    static ActivityDays data;
    static String warehouse;

    static Configuration loopback(Configuration conf) {
        for (String key : new String[] {"rest.bind-address", "rest.address", "jobmanager.bind-host",
                "jobmanager.rpc.address", "taskmanager.bind-host", "taskmanager.host"}) {
            conf.setString(key, "127.0.0.1");
        }
        return conf;
    }

    static TableEnvironment env(boolean streaming) {
        Configuration conf = new Configuration();
        conf.setString("restart-strategy.type", "none");
        conf.setString("parallelism.default", "2");
        EnvironmentSettings.Builder settings = EnvironmentSettings.newInstance().withConfiguration(conf);
        TableEnvironment env = TableEnvironment.create(streaming ? settings.inStreamingMode().build()
                : settings.inBatchMode().build());
        RtwFunctions.registerAll(env);
        env.executeSql("CREATE CATALOG paimon WITH ('type' = 'paimon', 'warehouse' = '" + warehouse + "')");
        return env;
    }

    @BeforeAll
    static void writeThreeDaysInThreeCommits() throws Exception {
        data = new ActivityDays(20);
        warehouse = dir.resolve("warehouse").toUri().toString();
        TableEnvironment env = env(false);
        env.executeSql("CREATE TEMPORARY TABLE events (dt STRING, activity_start STRING, channel STRING, "
                + "user_id BIGINT, score INT, is_new BOOLEAN, piece INT) WITH ('connector' = 'filesystem', "
                + "'path' = '" + data.writeCsv(dir.resolve("events")).toUri() + "', 'format' = 'csv')");
        env.executeSql("CREATE DATABASE paimon.ads");
        env.executeSql(ActivityDays.createTable("paimon.ads.activity_day"));
        for (int c = 0; c < ActivityDays.COMMITS; c++) {
            env.executeSql(ActivityDays.insert("paimon.ads.activity_day", c)).await();
        }
    }

    private static String lookupTable(String name, String columns, String table) {
        return "CREATE TEMPORARY TABLE " + name + " (" + columns + ", PRIMARY KEY (dt, activity_start, channel) "
                + "NOT ENFORCED) WITH ('connector' = 'rtw-paimon-lookup', 'warehouse' = '" + warehouse + "', "
                + "'database' = 'ads', 'table' = '" + table + "', 'lookup.as-of-column' = 'dt')";
    }

    private static final String COLUMNS = "dt STRING, activity_start STRING, channel STRING, bitmap BYTES, "
            + "hll BYTES, pv BIGINT, peak INT, any_new BOOLEAN";

    /** A probe: look up (dt, start, channel), any of them possibly null. */
    record Probe(int id, String dt, String start, String channel) {
        boolean complete() {
            return dt != null && start != null && channel != null;
        }

        String values() {
            return "(" + id + ", " + literal(dt) + ", " + literal(start) + ", " + literal(channel) + ")";
        }

        private static String literal(String s) {
            return s == null ? "CAST(NULL AS STRING)" : "'" + s + "'";
        }
    }

    @Test
    void streamingLookupsReturnTheMergedRowAsOfTheirDayAndNullKeysReadNothing() throws Exception {
        List<Probe> probes = new ArrayList<>();
        // Every key on every day, the day before the first and a day after the last.
        for (String day : List.of("2026-10-31", "2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04")) {
            for (String start : ActivityDays.STARTS) {
                for (String channel : ActivityDays.CHANNELS) {
                    probes.add(new Probe(probes.size(), day, start, channel));
                }
            }
        }
        probes.add(new Probe(probes.size(), null, "2026-11-01", "app"));
        probes.add(new Probe(probes.size(), "2026-11-02", null, "app"));
        probes.add(new Probe(probes.size(), "2026-11-02", "2026-11-01", null));
        probes.add(new Probe(probes.size(), "2026-11-03", null, null));
        probes.add(new Probe(probes.size(), null, null, null));

        TableEnvironment env = env(true);
        env.executeSql(lookupTable("activity", COLUMNS, "activity_day"));
        env.executeSql("CREATE TEMPORARY VIEW probes AS SELECT * FROM (VALUES "
                + String.join(", ", probes.stream().map(Probe::values).toList()) + ") AS t(id, dt, a_start, channel)");
        TableResult result = env.executeSql("SELECT p.id, k.dt, k.pv, k.peak, k.any_new, k.bitmap, k.hll "
                + "FROM (SELECT *, PROCTIME() AS pt FROM probes) AS p "
                + "LEFT JOIN activity FOR SYSTEM_TIME AS OF p.pt AS k "
                + "ON k.dt = p.dt AND k.activity_start = p.a_start AND k.channel = p.channel");
        Map<Integer, Row> byProbe = new HashMap<>();
        try (CloseableIterator<Row> it = result.collect()) {
            it.forEachRemaining(r -> byProbe.put((Integer) r.getField(0), r));
        }

        assertThat(byProbe).hasSize(probes.size());
        int found = 0;
        int fellBack = 0;
        for (Probe p : probes) {
            Row r = byProbe.get(p.id());
            Optional<ActivityDays.Merged> want = p.complete() ? data.asOf(p.dt(), p.start(), p.channel())
                    : Optional.empty();
            if (want.isEmpty()) {
                assertThat(java.util.Arrays.asList(r.getField(1), r.getField(2), r.getField(5))).as("probe %s", p)
                        .containsOnlyNulls();
                continue;
            }
            ActivityDays.Merged m = want.get();
            found++;
            fellBack += m.dt().equals(p.dt()) ? 0 : 1;
            assertThat(r.getField(1)).as("probe %s: the row's own day", p).isEqualTo(m.dt());
            assertThat(r.getField(2)).as("probe %s: pv", p).isEqualTo(m.pv());
            assertThat(r.getField(3)).as("probe %s: peak", p).isEqualTo(m.peak());
            assertThat(r.getField(4)).as("probe %s: any_new", p).isEqualTo(m.anyNew());
            assertThat(users((byte[]) r.getField(5))).as("probe %s: bitmap", p).isEqualTo(m.users());
            assertThat(HllSketch.heapify((byte[]) r.getField(6)).getEstimate()).as("probe %s: hll", p)
                    .isEqualTo(m.hll());
        }
        // The data covers fallbacks of one and two days (15 from the day after the last, 5 within), and keys with no
        // earlier day (16 the day before the first, 4 never written, 1 first written the day after).
        assertThat(fellBack).isEqualTo(20);
        assertThat(probes.stream().filter(Probe::complete).count() - found).isEqualTo(21);

        JobID job = result.getJobClient().orElseThrow().getJobID();
        long complete = probes.stream().filter(Probe::complete).count();
        assertThat(counter(job, "lookups")).as("one lookup per probe with a whole key, none for a NULL")
                .isEqualTo(complete);
        assertThat(counter(job, "rowsRead")).as("Paimon returns each key's merged row once").isEqualTo(found);
    }

    @Test
    void aLookupWithoutTheWholeKeyIsRefusedAtPlanning() {
        TableEnvironment env = env(true);
        env.executeSql(lookupTable("activity", COLUMNS, "activity_day"));
        env.executeSql("CREATE TEMPORARY VIEW probes AS SELECT * FROM (VALUES ('2026-11-02', 'app')) AS t(dt, channel)");
        assertThatThrownBy(() -> env.explainSql("SELECT k.pv FROM (SELECT *, PROCTIME() AS pt FROM probes) AS p "
                + "JOIN activity FOR SYSTEM_TIME AS OF p.pt AS k ON k.dt = p.dt AND k.channel = p.channel"))
                .hasStackTraceContaining("a lookup join on rtw-paimon-lookup table default_catalog.default_database."
                        + "activity must give every primary key column (dt, activity_start, channel) with an equality "
                        + "condition and no other column; missing: activity_start");
    }

    @Test
    void aTableThatDoesNotFitFailsTheJobNamingTheTableAndColumn() {
        TableEnvironment env = env(true);
        env.executeSql(lookupTable("wrong_type", "dt STRING, activity_start STRING, channel STRING, pv STRING",
                "activity_day"));
        env.executeSql(lookupTable("missing", COLUMNS, "activity_week"));
        env.executeSql("CREATE TEMPORARY VIEW probes AS SELECT * FROM (VALUES ('2026-11-02', '2026-11-01', 'app')) "
                + "AS t(dt, a_start, channel)");
        for (String[] table : new String[][] {
            {"wrong_type", "default_catalog.default_database.wrong_type does not fit Paimon table ads.activity_day: "
                    + "column 'pv' is STRING in default_catalog.default_database.wrong_type but BIGINT in Paimon table "
                    + "ads.activity_day"},
            {"missing", "default_catalog.default_database.missing looks rows up in Paimon table ads.activity_week, "
                    + "which does not exist in warehouse " + warehouse}}) {
            assertThatThrownBy(() -> {
                try (CloseableIterator<Row> it = env.executeSql("SELECT k.pv FROM (SELECT *, PROCTIME() AS pt FROM "
                        + "probes) AS p JOIN " + table[0] + " FOR SYSTEM_TIME AS OF p.pt AS k ON k.dt = p.dt "
                        + "AND k.activity_start = p.a_start AND k.channel = p.channel").collect()) {
                    it.forEachRemaining(r -> { });
                }
            }).hasRootCauseMessage(table[1]);
        }
    }

    static Set<Long> users(byte[] bitmap) throws java.io.IOException {
        Roaring64Bitmap b = new Roaring64Bitmap();
        b.deserialize(ByteBuffer.wrap(bitmap));
        Set<Long> out = new TreeSet<>();
        b.forEach(out::add);
        return out;
    }

    /** The sum over the job's subtasks of the lookup function's counter {@code name}. */
    static long counter(JobID job, String name) {
        long sum = 0;
        int found = 0;
        for (Map.Entry<String, Metric> e : REPORTER.getMetricsByIdentifiers(job).entrySet()) {
            if (e.getKey().endsWith(".rtw.paimonLookup." + name)) {
                sum += ((Counter) e.getValue()).getCount();
                found++;
            }
        }
        assertThat(found).as("subtasks reporting %s", name).isPositive();
        return sum;
    }
}
