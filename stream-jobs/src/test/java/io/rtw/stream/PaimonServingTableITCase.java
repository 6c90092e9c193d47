package io.rtw.stream;

import io.rtw.runtime.WarehouseSession;
import io.rtw.runtime.JobSubmitter;
import io.rtw.runtime.JobException;
import io.rtw.runtime.Target;
import io.rtw.runtime.RunOptions;
import io.rtw.runtime.JobRequest;
import io.rtw.meta.Mode;
import io.rtw.meta.Project;
import io.rtw.meta.Secrets;

import org.apache.flink.types.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A {@code kind: paimon} kv meta-table end to end through the runner: two jobs write the Paimon table (two commits the
 * aggregation merge engine merges), a third looks rows up as of a day through the meta-table, a job that writes the
 * meta-table is refused before anything runs, and a planner error never shows a catalog option's secret.
 */
class PaimonServingTableITCase {

    static final LocalDate DAY = LocalDate.of(2026, 11, 2);
    static final String SECRET = "AKIA-SECRET-VALUE";
    static final Secrets SECRETS = Secrets.of(Map.of("S3_KEY", SECRET));

    /** (dt, activity start, channel, user) written by the first and the second job. */
    static final List<Object[]> FIRST = List.of(
            new Object[] {"2026-11-01", "2026-11-01", "app", 1L}, new Object[] {"2026-11-01", "2026-11-01", "app", 2L},
            new Object[] {"2026-11-01", "2026-11-01", "app", 3L}, new Object[] {"2026-11-01", "2026-11-01", "web", 10L},
            new Object[] {"2026-11-02", "2026-11-01", "app", 4L}, new Object[] {"2026-11-02", "2026-11-01", "app", 5L});
    static final List<Object[]> SECOND = List.of(
            new Object[] {"2026-11-02", "2026-11-01", "app", 5L}, new Object[] {"2026-11-02", "2026-11-01", "app", 6L},
            new Object[] {"2026-11-02", "2026-11-01", "app", 1L << 40}, new Object[] {"2026-11-01", "2026-11-01", "web", 11L});
    /** (id, dt, activity start, channel) looked up; null is a NULL key value. */
    static final List<Object[]> PROBES = List.of(
            new Object[] {1, "2026-11-02", "2026-11-01", "app"}, new Object[] {2, "2026-11-02", "2026-11-01", "web"},
            new Object[] {3, "2026-11-03", "2026-11-01", "app"}, new Object[] {4, "2026-10-31", "2026-11-01", "app"},
            new Object[] {5, "2026-11-02", "2026-11-01", null}, new Object[] {6, "2026-11-01", "2026-11-01", "app"},
            new Object[] {7, "2026-11-02", "2026-10-15", "app"});

    static final String TABLE = """
            name: uv_activity_days
            columns: [ {name: dt, type: STRING}, {name: activity_start, type: STRING}, {name: channel, type: STRING}, \
            {name: bitmap, type: BYTES}, {name: hll, type: BYTES} ]
            primary-key: [dt, activity_start, channel]
            kv:
              kind: paimon
              catalog: paimon
              database: ads
              table: app_uv_activity_day
              lookup.as-of-column: dt
            """;

    @TempDir static Path home;
    static Project project;

    static Project project(Path dir, String table) throws Exception {
        Files.createDirectories(dir.resolve("meta"));
        Files.writeString(dir.resolve("rtw.yaml"), "name: t\ntime-zone: UTC\ncatalogs:\n  paimon:\n    type: paimon\n"
                + "    warehouse: " + home.resolve("warehouse").toUri() + "\n    s3.access-key: ${env:S3_KEY}\n");
        Files.writeString(dir.resolve("meta/uv_activity_days.yaml"), table);
        return Project.load(dir, new Project.Options(java.util.Optional.empty(), Map.of(), SECRETS, home));
    }

    static JobRequest spec(Project p, Path job) {
        return spec(p, job, Map.of());
    }

    static JobRequest spec(Project p, Path job, Map<String, String> conf) {
        Map<String, String> all = new HashMap<>(conf);
        all.put("parallelism.default", "2");
        return new JobRequest(p, job, Mode.BATCH, java.util.Optional.of(DAY), new RunOptions(Target.local(), false, java.util.Optional.empty(), all));
    }

    static JobSubmitter runner(StringWriter progress) {
        return new JobSubmitter(SECRETS, new PrintWriter(progress, true));
    }

    static String values(List<Object[]> rows) {
        List<String> out = new ArrayList<>();
        for (Object[] r : rows) {
            List<String> cells = new ArrayList<>();
            for (Object v : r) {
                cells.add(v == null ? "CAST(NULL AS STRING)" : v instanceof String s ? "'" + s + "'"
                        : v instanceof Long l ? "CAST(" + l + " AS BIGINT)" : v.toString());
            }
            out.add("(" + String.join(", ", cells) + ")");
        }
        return String.join(", ", out);
    }

    static Path job(String name, String sql) throws Exception {
        return Files.writeString(home.resolve(name), sql);
    }

    @BeforeAll
    static void writeTheTableInTwoJobs() throws Exception {
        project = project(home.resolve("project"), TABLE);
        String create = """
                CREATE DATABASE IF NOT EXISTS paimon.ads;
                CREATE TABLE IF NOT EXISTS paimon.ads.app_uv_activity_day (dt STRING, activity_start STRING,
                  channel STRING, bitmap BYTES, hll BYTES, PRIMARY KEY (dt, activity_start, channel) NOT ENFORCED)
                  PARTITIONED BY (dt) WITH ('bucket' = '4', 'merge-engine' = 'aggregation',
                  'fields.bitmap.aggregate-function' = 'rbm64', 'fields.hll.aggregate-function' = 'hll_sketch');
                """;
        String insert = "INSERT INTO paimon.ads.app_uv_activity_day SELECT dt, a, c, bitmap64_build(u), hll_sketch(u) "
                + "FROM (VALUES %s) AS t(dt, a, c, u) GROUP BY dt, a, c;\n";
        // The batch runtime: a GROUP BY there emits each key once, without the retractions rbm64 cannot merge.
        Map<String, String> batchRuntime = Map.of("execution.runtime-mode", "batch");
        runner(new StringWriter()).run(spec(project, job("write1.sql", create + String.format(insert, values(FIRST))),
                batchRuntime));
        runner(new StringWriter()).run(spec(project, job("write2.sql", create + String.format(insert, values(SECOND))),
                batchRuntime));
    }

    private static final String LOOKUP = """
            CREATE TABLE IF NOT EXISTS paimon.ads.looked_up (id INT, dt STRING, users BIGINT);
            INSERT INTO paimon.ads.looked_up
            SELECT p.id, k.dt, bitmap64_cardinality(k.bitmap)
            FROM (SELECT *, PROCTIME() AS pt FROM (VALUES %s) AS t(id, dt, a, c)) AS p
            LEFT JOIN uv_activity_days FOR SYSTEM_TIME AS OF p.pt AS k
              ON k.dt = p.dt AND k.activity_start = p.a AND k.channel = p.c;
            """;

    @Test
    void aJobLooksRowsUpAsOfTheirDayThroughTheMetaTable() throws Exception {
        JobRequest lookup = spec(project, job("lookup.sql", String.format(LOOKUP, values(PROBES))));
        runner(new StringWriter()).run(lookup);
        Map<Integer, List<Object>> got = new TreeMap<>();
        for (Row r : WarehouseSession.forQueries(project, lookup.bizdate(), lookup.options().overrides(), SECRETS,
                "query").rows("SELECT id, dt, users FROM paimon.ads.looked_up")) {
            got.put((Integer) r.getField(0), java.util.Arrays.asList(r.getField(1), r.getField(2)));
        }

        // The oracle: each key's users per day over both jobs, and the latest day not after the probe's.
        Map<String, Set<Long>> users = new HashMap<>();
        for (List<Object[]> rows : List.of(FIRST, SECOND)) {
            for (Object[] r : rows) {
                users.computeIfAbsent(r[0] + "|" + r[1] + "|" + r[2], k -> new TreeSet<>()).add((Long) r[3]);
            }
        }
        Map<Integer, List<Object>> want = new TreeMap<>();
        for (Object[] p : PROBES) {
            String day = null;
            for (String d : new TreeSet<>(users.keySet().stream().map(k -> k.split("\\|")[0]).toList())) {
                if (p[3] != null && d.compareTo((String) p[1]) <= 0 && users.containsKey(d + "|" + p[2] + "|" + p[3])) {
                    day = d;
                }
            }
            want.put((Integer) p[0], day == null ? java.util.Arrays.asList(null, null)
                    : List.of(day, (long) users.get(day + "|" + p[2] + "|" + p[3]).size()));
        }
        assertThat(got).isEqualTo(want);
        assertThat(want.get(1)).isEqualTo(List.of("2026-11-02", 4L));
        assertThat(want.get(2)).isEqualTo(List.of("2026-11-01", 2L));
    }

    @Test
    void aJobThatWritesTheMetaTableIsRefusedBeforeAnythingRuns() throws Exception {
        StringWriter progress = new StringWriter();
        Path file = job("write_kv.sql", "\nINSERT INTO uv_activity_days\nSELECT '2026-11-02', 'a', 'app', "
                + "CAST(NULL AS BYTES), CAST(NULL AS BYTES);\n");
        assertThatThrownBy(() -> runner(progress).run(spec(project, file)))
                .isInstanceOf(JobException.class)
                .hasMessage(file + ":2:13: uv_activity_days is read-only: a kind paimon kv table that jobs look rows up "
                        + "in; write paimon.ads.app_uv_activity_day instead");
        assertThat(progress.toString()).doesNotContain("submitted");
    }

    @Test
    void aPlannerErrorListingTheTablesOptionsShowsTheSecretsReference() throws Exception {
        Project typo = project(home.resolve("typo"), TABLE + "  lookup.cahce: PARTIAL\n");
        Path file = job("lookup_typo.sql", String.format(LOOKUP, values(PROBES)));
        assertThatThrownBy(() -> runner(new StringWriter()).run(spec(typo, file)))
                .isInstanceOf(JobException.class)
                .hasMessageContaining("Unsupported options")
                .hasMessageContaining("lookup.cahce")
                .hasMessageContaining("'catalog.s3.access-key'='${env:S3_KEY}'")
                .message().doesNotContain(SECRET);
    }
}
