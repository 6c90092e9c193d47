package io.rtw.kv.hbase;

import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.types.RowKind;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Mutation;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Row;
import org.apache.hadoop.hbase.client.RowMutations;
import org.apache.hadoop.hbase.util.Bytes;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How a table's rows map to HBase rows: the PRIMARY KEY columns, in key order, make the row key (see
 * {@link RowKeys}); every other column is a cell of one column family whose qualifier is the column name,
 * stored as {@link TextCodec} describes. A null value deletes its cell, so the HBase row always equals the
 * last row written for its key. With a version column, cells (and deletes) carry the row's version as
 * timestamp; HBase then hides any cell at or below a delete's timestamp, so a key deleted at version v is
 * written again only with a version above v.
 */
final class HBaseSchema implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String[] names;
    private final LogicalType[] types;
    private final int[] keyPositions;
    private final int[] valuePositions;
    private final int versionPosition;
    private final byte[] family;
    private final byte[][] qualifiers;
    private final RowData.FieldGetter[] getters;
    private final String delimiter;

    private HBaseSchema(String[] names, LogicalType[] types, int[] keyPositions, int versionPosition, String family,
            String delimiter) {
        this.names = names;
        this.types = types;
        this.keyPositions = keyPositions;
        List<Integer> values = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            final int pos = i;
            if (Arrays.stream(keyPositions).noneMatch(k -> k == pos)) {
                values.add(i);
            }
        }
        this.valuePositions = values.stream().mapToInt(Integer::intValue).toArray();
        this.versionPosition = versionPosition;
        this.family = Bytes.toBytes(family);
        this.qualifiers = new byte[names.length][];
        this.getters = new RowData.FieldGetter[names.length];
        for (int i = 0; i < names.length; i++) {
            qualifiers[i] = Bytes.toBytes(names[i]);
            getters[i] = RowData.createFieldGetter(types[i], i);
        }
        this.delimiter = delimiter;
    }

    /** Whether cells carry a row's version as timestamp, so the order rows are written in does not matter. */
    boolean versioned() {
        return versionPosition >= 0;
    }

    /**
     * Checks a table's columns against what the connector can store and builds its schema.
     *
     * @param table the table's name, for messages
     * @param names physical column names
     * @param types their logical types
     * @param primaryKey positions of the PRIMARY KEY columns, in key order
     * @param family the column family
     * @param delimiter the row key delimiter
     * @param versionColumn the column whose value is the cell timestamp, or null
     */
    static HBaseSchema of(String table, List<String> names, List<LogicalType> types, int[] primaryKey, String family,
            String delimiter, String versionColumn) {
        String where = "rtw-hbase table " + table + ": ";
        if (primaryKey.length == 0) {
            throw new ValidationException(where + "declare the row key with PRIMARY KEY (col, ...) NOT ENFORCED; "
                    + "its columns make the HBase row key, in that order");
        }
        if (primaryKey.length == names.size()) {
            throw new ValidationException(where + "every column is in the PRIMARY KEY; at least one column must "
                    + "hold a value");
        }
        for (int k : primaryKey) {
            if (!TextCodec.KEY_TYPES.contains(types.get(k).getTypeRoot())) {
                throw new ValidationException(where + "key column " + names.get(k) + " has type "
                        + types.get(k).asSummaryString() + "; key columns may be " + roots(TextCodec.KEY_TYPES));
            }
        }
        for (int i = 0; i < names.size(); i++) {
            if (!TextCodec.VALUE_TYPES.contains(types.get(i).getTypeRoot())) {
                throw new ValidationException(where + "column " + names.get(i) + " has type "
                        + types.get(i).asSummaryString() + ", which cannot be stored; supported: "
                        + roots(TextCodec.VALUE_TYPES));
            }
        }
        if (family.isEmpty()) {
            throw new ValidationException(where + "'column-family' must not be empty");
        }
        if (delimiter.isEmpty() || delimiter.contains("\\")) {
            throw new ValidationException(where + "'row-key.delimiter' must be a non-empty string without a "
                    + "backslash, got '" + delimiter + "'");
        }
        int version = -1;
        if (versionColumn != null) {
            version = names.indexOf(versionColumn);
            if (version < 0) {
                throw new ValidationException(where + "'sink.version-column' names " + versionColumn
                        + ", which is not a column; columns: " + String.join(", ", names));
            }
            LogicalTypeRoot r = types.get(version).getTypeRoot();
            if (r != LogicalTypeRoot.BIGINT && r != LogicalTypeRoot.TIMESTAMP_WITHOUT_TIME_ZONE
                    && r != LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE) {
                throw new ValidationException(where + "'sink.version-column' " + versionColumn + " has type "
                        + types.get(version).asSummaryString() + "; it must be BIGINT (epoch milliseconds), "
                        + "TIMESTAMP or TIMESTAMP_LTZ");
            }
        }
        return new HBaseSchema(names.toArray(new String[0]), types.toArray(new LogicalType[0]), primaryKey.clone(),
                version, family, delimiter);
    }

    private static String roots(java.util.Set<LogicalTypeRoot> roots) {
        return roots.stream().map(Enum::name).collect(Collectors.joining(", "));
    }

    int arity() {
        return names.length;
    }

    int[] keyPositions() {
        return keyPositions.clone();
    }

    String columnName(int pos) {
        return names[pos];
    }

    byte[] family() {
        return family.clone();
    }

    /** The row key of a full row; a null key column fails, as a PRIMARY KEY column cannot be null. */
    byte[] rowKey(RowData row) {
        List<String> parts = new ArrayList<>(keyPositions.length);
        for (int k : keyPositions) {
            Object v = getters[k].getFieldOrNull(row);
            if (v == null) {
                throw new IllegalArgumentException("key column " + names[k] + " is null; a row key needs every "
                        + "key column");
            }
            parts.add(TextCodec.text(types[k], v));
        }
        return RowKeys.of(parts, delimiter);
    }

    /**
     * The row key of a lookup key row whose field {@code keyRowIndex[i]} is key column {@code i}, or null
     * when a key value is null (no row can match it).
     */
    byte[] rowKey(RowData keyRow, int[] keyRowIndex) {
        List<String> parts = new ArrayList<>(keyPositions.length);
        for (int i = 0; i < keyPositions.length; i++) {
            int col = keyPositions[i];
            Object v = RowData.createFieldGetter(types[col], keyRowIndex[i]).getFieldOrNull(keyRow);
            if (v == null) {
                return null;
            }
            parts.add(TextCodec.text(types[col], v));
        }
        return RowKeys.of(parts, delimiter);
    }

    /**
     * The HBase mutation for a changelog row: a Put (plus a Delete of the null columns, together as one
     * atomic {@link RowMutations}) for INSERT and UPDATE_AFTER; a Delete of the row's family for DELETE and
     * for UPDATE_BEFORE. An UPDATE_BEFORE is normally followed by the UPDATE_AFTER of the same key, which
     * replaces it in the writer's buffer; one that is not (a row an aggregate's filter drops) deletes the row.
     */
    Row mutation(RowData row) {
        RowKind kind = row.getRowKind();
        byte[] key = rowKey(row);
        long ts = timestamp(row);
        if (kind == RowKind.DELETE || kind == RowKind.UPDATE_BEFORE) {
            Delete d = new Delete(key);
            return ts >= 0 ? d.addFamily(family, ts) : d.addFamily(family);
        }
        Put put = new Put(key);
        Delete nulls = null;
        for (int pos : valuePositions) {
            Object v = getters[pos].getFieldOrNull(row);
            if (v == null) {
                if (nulls == null) {
                    nulls = new Delete(key);
                }
                if (ts >= 0) {
                    nulls.addColumns(family, qualifiers[pos], ts);
                } else {
                    nulls.addColumns(family, qualifiers[pos]);
                }
            } else if (ts >= 0) {
                put.addColumn(family, qualifiers[pos], ts, TextCodec.encode(types[pos], v));
            } else {
                put.addColumn(family, qualifiers[pos], TextCodec.encode(types[pos], v));
            }
        }
        if (nulls == null) {
            return put;
        }
        if (put.isEmpty()) {
            return nulls;
        }
        try {
            RowMutations both = new RowMutations(key);
            both.add((Mutation) put);
            both.add((Mutation) nulls);
            return both;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The cell timestamp the row asks for, or -1 to let HBase stamp the write time. */
    private long timestamp(RowData row) {
        if (versionPosition < 0 || row.isNullAt(versionPosition)) {
            return -1;
        }
        if (types[versionPosition].getTypeRoot() == LogicalTypeRoot.BIGINT) {
            return row.getLong(versionPosition);
        }
        int precision = org.apache.flink.table.types.logical.utils.LogicalTypeChecks.getPrecision(
                types[versionPosition]);
        TimestampData t = row.getTimestamp(versionPosition, precision);
        return t.getMillisecond();
    }

    /**
     * The table row for an HBase result found by a lookup: key columns from the lookup key, value columns
     * read from the cells (a missing cell is null).
     */
    RowData row(Result result, RowData keyRow, int[] keyRowIndex) {
        GenericRowData out = new GenericRowData(names.length);
        for (int i = 0; i < keyPositions.length; i++) {
            int col = keyPositions[i];
            Object v = RowData.createFieldGetter(types[col], keyRowIndex[i]).getFieldOrNull(keyRow);
            out.setField(col, v instanceof StringData ? StringData.fromString(v.toString()) : v);
        }
        for (int pos : valuePositions) {
            byte[] b = result.getValue(family, qualifiers[pos]);
            out.setField(pos, b == null ? null : TextCodec.decode(types[pos], b));
        }
        return out;
    }
}
