package io.rtw.kv.hbase;

import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.ValidationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The factory as the planner finds and validates it; nothing runs, no HBase is needed. */
class HBaseDynamicTableFactoryTest {

    private static TableEnvironment env(String columns, String options) {
        TableEnvironment t = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        t.executeSql("CREATE TABLE kv (" + columns + ") WITH ('connector' = 'rtw-hbase', 'table-name' = 't', "
                + "'zookeeper.quorum' = '127.0.0.1:1'" + options + ")");
        t.executeSql("CREATE TABLE src (metric STRING, channel STRING, uv BIGINT, pt AS PROCTIME()) "
                + "WITH ('connector' = 'datagen')");
        return t;
    }

    private static final String COLUMNS = "metric STRING, channel STRING, uv BIGINT, "
            + "PRIMARY KEY (metric, channel) NOT ENFORCED";

    @Test
    void isFoundByIdentifierAndPlansAsSinkAndLookupSource() {
        TableEnvironment t = env(COLUMNS, ", 'sink.rate-limit' = '100', 'lookup.cache' = 'PARTIAL', "
                + "'lookup.partial-cache.max-rows' = '10', 'properties.hbase.client.pause' = '50'");
        assertThat(t.explainSql("INSERT INTO kv SELECT metric, channel, uv FROM src"))
                .contains("Sink(table=[default_catalog.default_database.kv]");
        String lookup = t.explainSql("SELECT s.metric, k.uv FROM src AS s JOIN kv FOR SYSTEM_TIME AS OF s.pt AS k "
                + "ON k.metric = s.metric AND k.channel = s.channel");
        assertThat(lookup).contains("LookupJoin(table=[default_catalog.default_database.kv]").contains("async=[");
    }

    @Test
    void anUnknownOptionIsRejectedWithTheSupportedOnes() {
        TableEnvironment t = env(COLUMNS, ", 'sink.buffer-flush.max-row' = '10'");
        assertThatThrownBy(() -> t.explainSql("INSERT INTO kv SELECT metric, channel, uv FROM src"))
                .isInstanceOf(ValidationException.class)
                .hasStackTraceContaining("Unsupported options")
                .hasStackTraceContaining("sink.buffer-flush.max-row")
                .hasStackTraceContaining("sink.buffer-flush.max-rows")
                .hasStackTraceContaining("sink.rate-limit");
    }

    @Test
    void aTableWithoutPrimaryKeyIsRejected() {
        TableEnvironment t = env("metric STRING, channel STRING, uv BIGINT", "");
        assertThatThrownBy(() -> t.explainSql("INSERT INTO kv SELECT metric, channel, uv FROM src"))
                .hasStackTraceContaining("declare the row key with PRIMARY KEY (col, ...) NOT ENFORCED");
    }

    @Test
    void aBadValueNamesTheOptionAndWhatIsAllowed() {
        TableEnvironment t = env(COLUMNS, ", 'sink.rate-limit' = '-5'");
        assertThatThrownBy(() -> t.explainSql("INSERT INTO kv SELECT metric, channel, uv FROM src"))
                .hasStackTraceContaining("'sink.rate-limit' must be a positive number of rows per second, got -5.0");
    }

    @Test
    void aLookupMustGiveTheWholeKey() {
        TableEnvironment t = env(COLUMNS, "");
        assertThatThrownBy(() -> t.explainSql("SELECT k.uv FROM src AS s JOIN kv FOR SYSTEM_TIME AS OF s.pt AS k "
                + "ON k.metric = s.metric"))
                .hasStackTraceContaining("a lookup join on rtw-hbase table default_catalog.default_database.kv must "
                        + "give every key column (metric, channel) with an equality condition and no other column; "
                        + "missing: channel");
    }
}
