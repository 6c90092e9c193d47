package io.rtw.udf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.functions.UserDefinedFunction;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain Flink SQL user's path: {@code CREATE FUNCTION ... AS '<class>'} for every function, and the self-contained
 * bundle jar with {@code USING JAR} (its libraries relocated, so they cannot clash with the cluster's).
 */
class BundleJarITCase {

    @TempDir
    static Path tmp;

    private static List<FlinkTestEnv.Event> events;
    private static Path data;
    private static Path bundle;

    @BeforeAll
    static void setUp() throws Exception {
        events = FlinkTestEnv.events(5_000, 2_000, 3);
        data = FlinkTestEnv.writeCsv(tmp.resolve("events"), events);
        bundle = Path.of(System.getProperty("rtw.udf.bundle", "target/rtw-udf-bundle.jar"));
    }

    private static Row expected() {
        List<Long> ids = events.stream().map(FlinkTestEnv.Event::userId).toList();
        long exact = Oracle.exact(ids);
        return Row.of(Math.round(Oracle.hll(ids)), Math.round(Oracle.theta(ids)), exact, exact);
    }

    @Test
    void everyFunctionLoadsWithCreateFunctionByClassName() throws Exception {
        TableEnvironment env = FlinkTestEnv.env(false, Map.of());
        FlinkTestEnv.createEvents(env, data);
        for (Map.Entry<String, Class<? extends UserDefinedFunction>> f : RtwFunctions.functions().entrySet()) {
            env.executeSql("CREATE TEMPORARY FUNCTION " + f.getKey() + " AS '" + f.getValue().getName() + "'");
        }
        assertThat(env.listUserDefinedFunctions()).containsAll(RtwFunctions.functions().keySet());
        assertThat(FlinkTestEnv.collect(env, "SELECT uv_hll(user_id), CAST(theta_estimate(theta_sketch(user_id)) AS BIGINT),"
                + " uv_bitmap(uid32), bitmap64_cardinality(bitmap64_union(b)) FROM events,"
                + " (SELECT bitmap64_build(user_id) AS b FROM events)")).containsExactly(expected());
    }

    @Test
    void bundleJarIsSelfContainedAndWorksWithUsingJar() throws Exception {
        assertThat(bundle).exists();
        try (JarFile jar = new JarFile(bundle.toFile())) {
            List<String> entries = jar.stream().map(e -> e.getName()).collect(Collectors.toList());
            assertThat(entries).contains("io/rtw/udf/HllSketchFunction.class",
                    "io/rtw/udf/shaded/org/apache/datasketches/hll/HllSketch.class",
                    "io/rtw/udf/shaded/org/roaringbitmap/RoaringBitmap.class");
            assertThat(entries).noneMatch(e -> e.startsWith("org/apache/datasketches/") || e.startsWith("org/roaringbitmap/")
                    || e.startsWith("org/apache/flink/"));
        }
        TableEnvironment env = FlinkTestEnv.env(false, Map.of());
        FlinkTestEnv.createEvents(env, data);
        String jar = " USING JAR '" + bundle.toAbsolutePath() + "'";
        for (String name : List.of("uv_hll", "uv_theta", "uv_bitmap", "uv_bitmap64")) {
            env.executeSql("CREATE TEMPORARY FUNCTION jar_" + name + " AS '" + RtwFunctions.functions().get(name).getName() + "'" + jar);
        }
        assertThat(FlinkTestEnv.collect(env, "SELECT jar_uv_hll(user_id), jar_uv_theta(user_id), jar_uv_bitmap(uid32),"
                + " jar_uv_bitmap64(user_id) FROM events")).containsExactly(expected());
        assertThat(Files.size(bundle)).isLessThan(5L << 20);
    }
}
