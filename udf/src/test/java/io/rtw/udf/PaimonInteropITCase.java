package io.rtw.udf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paimon's aggregation merge engine merges the functions' bytes ({@code hll_sketch}, {@code theta_sketch},
 * {@code rbm32}, {@code rbm64}) into the same estimate as the {@code *_union} functions over the same pieces.
 */
class PaimonInteropITCase {

    @TempDir
    static Path tmp;

    @Test
    void mergeEngineAgreesWithUnionFunctions() throws Exception {
        List<FlinkTestEnv.Event> events = FlinkTestEnv.events(20_000, 6_000, 7);
        TableEnvironment env = FlinkTestEnv.env(false, Map.of());
        RtwFunctions.registerAll(env);
        FlinkTestEnv.createEvents(env, FlinkTestEnv.writeCsv(tmp.resolve("events"), events));
        env.executeSql("CREATE CATALOG paimon WITH ('type' = 'paimon', 'warehouse' = '" + tmp.resolve("warehouse").toUri() + "')");
        env.executeSql("CREATE TABLE paimon.`default`.uv (k INT, h BYTES, t BYTES, b32 BYTES, b64 BYTES,"
                + " PRIMARY KEY (k) NOT ENFORCED) WITH ('bucket' = '1', 'merge-engine' = 'aggregation',"
                + " 'fields.h.aggregate-function' = 'hll_sketch', 'fields.t.aggregate-function' = 'theta_sketch',"
                + " 'fields.b32.aggregate-function' = 'rbm32', 'fields.b64.aggregate-function' = 'rbm64')");

        String pieces = "SELECT minute_of_day, hll_sketch(user_id) AS h, theta_sketch(user_id) AS t,"
                + " bitmap_build(uid32) AS b32, bitmap64_build(user_id) AS b64 FROM events %s GROUP BY minute_of_day";
        // Two commits: Paimon merges pieces in its write buffer and, on read, across files.
        for (int[] range : new int[][] {{0, 720}, {720, 1440}}) {
            String where = "WHERE minute_of_day >= " + range[0] + " AND minute_of_day < " + range[1];
            env.executeSql("INSERT INTO paimon.`default`.uv SELECT 1, h, t, b32, b64 FROM ("
                    + String.format(pieces, where) + ")").await();
        }

        List<Row> merged = FlinkTestEnv.collect(env, "SELECT hll_estimate(h), theta_estimate(t),"
                + " bitmap_cardinality(b32), bitmap64_cardinality(b64) FROM paimon.`default`.uv");
        List<Row> unioned = FlinkTestEnv.collect(env, "SELECT hll_estimate(hll_union(h)), theta_estimate(theta_union(t)),"
                + " bitmap_cardinality(bitmap_union(b32)), bitmap64_cardinality(bitmap64_union(b64)) FROM ("
                + String.format(pieces, "") + ")");

        List<Long> ids = events.stream().map(FlinkTestEnv.Event::userId).toList();
        Row expected = Row.of(Oracle.hll(ids), Oracle.theta(ids), Oracle.exact(ids), Oracle.exact(ids));
        assertThat(unioned).containsExactly(expected);
        assertThat(merged).containsExactly(expected);
    }
}
