package io.rtw.kv.hbase;

import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.types.RowKind;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Mutation;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Row;
import org.apache.hadoop.hbase.client.RowMutations;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rows to HBase mutations, and the table definitions the connector refuses. */
class HBaseSchemaTest {

    private static final List<String> NAMES = List.of("metric", "channel", "uv", "ratio", "ts");
    private static final List<LogicalType> TYPES = List.of(VarCharType.STRING_TYPE, VarCharType.STRING_TYPE,
            new BigIntType(), new DoubleType(), new BigIntType());

    private static HBaseSchema schema(String versionColumn) {
        return HBaseSchema.of("t", NAMES, TYPES, new int[] {0, 1}, "f", "|", versionColumn);
    }

    private static GenericRowData row(RowKind kind, String metric, String channel, Long uv, Double ratio, Long ts) {
        GenericRowData r = GenericRowData.ofKind(kind, StringData.fromString(metric), StringData.fromString(channel),
                uv, ratio, ts);
        return r;
    }

    private static Map<String, String> cells(Mutation m) {
        Map<String, String> out = new TreeMap<>();
        for (List<Cell> cells : m.getFamilyCellMap().values()) {
            for (Cell c : cells) {
                out.put(Bytes.toString(CellUtil.cloneQualifier(c)) + "@" + c.getTimestamp(),
                        Bytes.toString(CellUtil.cloneValue(c)));
            }
        }
        return out;
    }

    @Test
    void anInsertIsAPutOfEveryValueColumnUnderTheJoinedKey() {
        Row m = schema(null).mutation(row(RowKind.INSERT, "uv", "app", 42L, 0.5, 7L));
        assertThat(m).isInstanceOf(Put.class);
        assertThat(Bytes.toString(m.getRow())).isEqualTo("uv|app");
        assertThat(cells((Put) m)).containsExactly(Map.entry("ratio@" + Long.MAX_VALUE, "0.5"),
                Map.entry("ts@" + Long.MAX_VALUE, "7"), Map.entry("uv@" + Long.MAX_VALUE, "42"));
    }

    @Test
    void theVersionColumnBecomesTheCellTimestamp() {
        Row m = schema("ts").mutation(row(RowKind.UPDATE_AFTER, "uv", "app", 42L, 0.5, 1_700_000_000_000L));
        assertThat(cells((Put) m)).containsOnlyKeys("ratio@1700000000000", "ts@1700000000000", "uv@1700000000000");
    }

    @Test
    void aNullValueDeletesItsCellInTheSameAtomicMutation() {
        Row m = schema(null).mutation(row(RowKind.INSERT, "uv", "app", 42L, null, 7L));
        assertThat(m).isInstanceOf(RowMutations.class);
        List<Mutation> parts = ((RowMutations) m).getMutations();
        assertThat(parts).hasSize(2);
        assertThat(cells(parts.get(0))).containsOnlyKeys("ts@" + Long.MAX_VALUE, "uv@" + Long.MAX_VALUE);
        assertThat(parts.get(1)).isInstanceOf(Delete.class);
        assertThat(cells(parts.get(1))).containsOnlyKeys("ratio@" + Long.MAX_VALUE);
    }

    @Test
    void aDeleteAndAnUpdateBeforeRemoveTheRow() {
        for (RowKind kind : new RowKind[] {RowKind.DELETE, RowKind.UPDATE_BEFORE}) {
            Row m = schema(null).mutation(row(kind, "uv", "app", 42L, 0.5, 7L));
            assertThat(m).isInstanceOf(Delete.class);
            assertThat(Bytes.toString(m.getRow())).isEqualTo("uv|app");
            assertThat(((Delete) m).getFamilyCellMap()).containsOnlyKeys(Bytes.toBytes("f"));
        }
    }

    @Test
    void aTableWithoutPrimaryKeyIsRejected() {
        assertThatThrownBy(() -> HBaseSchema.of("cat.db.t", NAMES, TYPES, new int[0], "f", "|", null))
                .isInstanceOf(ValidationException.class)
                .hasMessage("rtw-hbase table cat.db.t: declare the row key with PRIMARY KEY (col, ...) NOT ENFORCED; "
                        + "its columns make the HBase row key, in that order");
    }

    @Test
    void aKeyColumnOfAnUnsupportedTypeIsRejected() {
        assertThatThrownBy(() -> HBaseSchema.of("t", NAMES, TYPES, new int[] {3}, "f", "|", null))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("rtw-hbase table t: key column ratio has type DOUBLE; key columns may be "
                        + "CHAR, VARCHAR, BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, DATE");
    }

    @Test
    void aVersionColumnMustExistAndHoldTime() {
        assertThatThrownBy(() -> schema("nope"))
                .hasMessage("rtw-hbase table t: 'sink.version-column' names nope, which is not a column; columns: "
                        + "metric, channel, uv, ratio, ts");
        assertThatThrownBy(() -> schema("ratio"))
                .hasMessage("rtw-hbase table t: 'sink.version-column' ratio has type DOUBLE; it must be BIGINT "
                        + "(epoch milliseconds), TIMESTAMP or TIMESTAMP_LTZ");
    }
}
