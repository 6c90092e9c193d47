package io.rtw.kv.paimon;

import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.ValidationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The factory as the planner finds and validates it; nothing runs, no Paimon table is read. */
class PaimonLookupTableFactoryTest {

    private static final String COLUMNS = "dt STRING, activity_start STRING, channel STRING, uv BIGINT, bitmap BYTES, "
            + "PRIMARY KEY (dt, activity_start, channel) NOT ENFORCED";
    private static final String JOIN = "SELECT s.channel, k.dt, k.uv FROM src AS s LEFT JOIN kv FOR SYSTEM_TIME AS OF "
            + "s.pt AS k ON ";

    private static TableEnvironment env(String columns, String options) {
        TableEnvironment t = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        t.executeSql("CREATE TABLE kv (" + columns + ") WITH ('connector' = 'rtw-paimon-lookup', "
                + "'warehouse' = 'file:///nowhere', 'database' = 'ads', 'table' = 'activity_day'" + options + ")");
        t.executeSql("CREATE TABLE src (dt STRING, activity_start STRING, channel STRING, pt AS PROCTIME()) "
                + "WITH ('connector' = 'datagen')");
        return t;
    }

    @Test
    void plansALookupJoinReadingOnlyTheColumnsTheQueryUses() {
        TableEnvironment t = env(COLUMNS, ", 'lookup.as-of-column' = 'dt', 'catalog.s3.endpoint' = 'http://x', "
                + "'lookup.cache' = 'PARTIAL', 'lookup.partial-cache.max-rows' = '10'");
        String plan = t.explainSql(JOIN + "k.dt = s.dt AND k.activity_start = s.activity_start "
                + "AND k.channel = s.channel");
        assertThat(plan).contains("LookupJoin(table=[default_catalog.default_database.kv], joinType=[LeftOuterJoin], "
                + "lookup=[dt=dt, activity_start=activity_start, channel=channel], select=[dt, activity_start, channel, "
                + "dt0, activity_start0, channel0, uv])");
        // The key columns in the join's order differ from the declaration's: still the whole key.
        assertThat(t.explainSql(JOIN + "k.channel = s.channel AND k.dt = s.dt AND k.activity_start = 'a'"))
                .contains("LookupJoin(table=[default_catalog.default_database.kv]");
    }

    @Test
    void aLookupMustGiveTheWholePrimaryKey() {
        TableEnvironment t = env(COLUMNS, "");
        assertThatThrownBy(() -> t.explainSql(JOIN + "k.dt = s.dt AND k.channel = s.channel"))
                .hasRootCauseInstanceOf(ValidationException.class)
                .hasStackTraceContaining("a lookup join on rtw-paimon-lookup table default_catalog.default_database.kv "
                        + "must give every primary key column (dt, activity_start, channel) with an equality condition "
                        + "and no other column; missing: activity_start");
    }

    @Test
    void anEqualityOnAValueColumnIsNotALookupKey() {
        TableEnvironment t = env(COLUMNS, "");
        assertThatThrownBy(() -> t.explainSql(JOIN + "k.dt = s.dt AND k.channel = s.channel AND k.activity_start = "
                + "s.activity_start AND k.uv = CHAR_LENGTH(s.channel)"))
                .hasStackTraceContaining("; not key columns: uv");
    }

    @Test
    void writingIsRefusedNamingThePaimonTableToWrite() {
        TableEnvironment t = env(COLUMNS, "");
        assertThatThrownBy(() -> t.explainSql("INSERT INTO kv SELECT dt, activity_start, channel, 1, "
                + "CAST(NULL AS BYTES) FROM src"))
                .hasRootCauseMessage("rtw-paimon-lookup table default_catalog.default_database.kv is read-only: it "
                        + "looks rows up in Paimon table ads.activity_day; write that table instead");
    }

    @Test
    void aScanFindsNoPlanAsForEveryLookupOnlyTable() {
        // Lookup only, like rtw-hbase: a source that could also scan would let Flink's batch runtime plan a lookup
        // join of the example job as a join against a scan of the whole table.
        TableEnvironment t = env(COLUMNS, "");
        assertThatThrownBy(() -> t.explainSql("SELECT * FROM kv"))
                .isInstanceOf(org.apache.flink.table.api.TableException.class)
                .hasMessageContaining("Cannot generate a valid execution plan")
                .hasMessageContaining("table=[[default_catalog, default_database, kv]]");
    }

    @Test
    void anUnknownOptionIsRejectedWithTheSupportedOnes() {
        TableEnvironment t = env(COLUMNS, ", 'lookup.as-of' = 'dt'");
        assertThatThrownBy(() -> t.explainSql(JOIN + "k.dt = s.dt AND k.activity_start = s.activity_start "
                + "AND k.channel = s.channel"))
                .hasStackTraceContaining("Unsupported options")
                .hasStackTraceContaining("lookup.as-of\n")
                .hasStackTraceContaining("lookup.as-of-column");
    }

    @Test
    void theWarehouseIsRequired() {
        TableEnvironment t = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        t.executeSql("CREATE TABLE kv (" + COLUMNS + ") WITH ('connector' = 'rtw-paimon-lookup', 'database' = 'ads', "
                + "'table' = 'activity_day')");
        t.executeSql("CREATE TABLE src (dt STRING, activity_start STRING, channel STRING, pt AS PROCTIME()) "
                + "WITH ('connector' = 'datagen')");
        assertThatThrownBy(() -> t.explainSql(JOIN + "k.dt = s.dt AND k.activity_start = s.activity_start "
                + "AND k.channel = s.channel"))
                .hasStackTraceContaining("Missing required options are:\n\nwarehouse");
    }

    @Test
    void theAsOfColumnMustBeAStringOrDateKeyColumn() {
        assertThatThrownBy(() -> env(COLUMNS, ", 'lookup.as-of-column' = 'uv'").explainSql(JOIN + "k.dt = s.dt AND "
                + "k.activity_start = s.activity_start AND k.channel = s.channel"))
                .hasStackTraceContaining("rtw-paimon-lookup table default_catalog.default_database.kv: "
                        + "'lookup.as-of-column' must be a primary key column (dt, activity_start, channel), got 'uv'");
        String intKey = "d INT, channel STRING, uv BIGINT, PRIMARY KEY (d, channel) NOT ENFORCED";
        TableEnvironment t = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        t.executeSql("CREATE TABLE kv (" + intKey + ") WITH ('connector' = 'rtw-paimon-lookup', 'warehouse' = "
                + "'file:///nowhere', 'database' = 'ads', 'table' = 't', 'lookup.as-of-column' = 'd')");
        t.executeSql("CREATE TABLE src (d INT, channel STRING, pt AS PROCTIME()) WITH ('connector' = 'datagen')");
        assertThatThrownBy(() -> t.explainSql("SELECT k.uv FROM src AS s JOIN kv FOR SYSTEM_TIME AS OF s.pt AS k "
                + "ON k.d = s.d AND k.channel = s.channel"))
                .hasStackTraceContaining("'lookup.as-of-column' must be a STRING or DATE column, got 'd' of type INT");
    }

    @Test
    void aTableWithoutPrimaryKeyOrWithAFullCacheIsRefused() {
        assertThatThrownBy(() -> env("dt STRING, channel STRING, uv BIGINT", "").explainSql("SELECT k.uv FROM src AS "
                + "s JOIN kv FOR SYSTEM_TIME AS OF s.pt AS k ON k.dt = s.dt AND k.channel = s.channel"))
                .hasStackTraceContaining("declare the Paimon table's primary key with PRIMARY KEY (col, ...) NOT "
                        + "ENFORCED; lookups give all of it");
        assertThatThrownBy(() -> env(COLUMNS, ", 'lookup.cache' = 'FULL'").explainSql(JOIN + "k.dt = s.dt AND "
                + "k.activity_start = s.activity_start AND k.channel = s.channel"))
                .hasStackTraceContaining("'lookup.cache' = 'FULL' is not supported; use 'PARTIAL'");
    }
}
