package io.rtw.quality;

import org.apache.flink.table.api.TableEnvironment;
import org.apache.paimon.catalog.Catalog;
import org.apache.paimon.catalog.Identifier;
import org.apache.paimon.data.BinaryString;
import org.apache.paimon.data.Decimal;
import org.apache.paimon.data.GenericRow;
import org.apache.paimon.data.Timestamp;
import org.apache.paimon.flink.FlinkCatalog;
import org.apache.paimon.table.Table;
import org.apache.paimon.table.sink.BatchTableCommit;
import org.apache.paimon.table.sink.BatchTableWrite;
import org.apache.paimon.table.sink.BatchWriteBuilder;
import org.apache.paimon.types.DataField;
import org.apache.paimon.types.DecimalType;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

/**
 * Writes Java rows into a Paimon table of a Flink catalog with Paimon's batch write API: one commit, no Flink job,
 * so quality results of any size are written in milliseconds. Values are the Java types Flink collects (String,
 * Long, Integer, BigDecimal, byte[], LocalDateTime), in the table's column order.
 */
final class PaimonRows {

    private PaimonRows() {}

    /**
     * Commits {@code rows} into {@code database.table} of the Paimon catalog {@code catalog}.
     *
     * @param overwrite a partition to replace (static overwrite: an empty list empties it); null to append/upsert
     */
    static void write(TableEnvironment env, String catalog, String database, String table,
            Map<String, String> overwrite, List<Object[]> rows) {
        Catalog paimon = env.getCatalog(catalog).filter(FlinkCatalog.class::isInstance)
                .map(c -> ((FlinkCatalog) c).catalog()).orElseThrow(() -> new IllegalArgumentException(
                        "catalog " + catalog + " is not a Paimon catalog"));
        write(paimon, database, table, overwrite, rows);
    }

    /** Commits {@code rows} into {@code database.table} of a Paimon catalog; see the other overload. */
    static void write(Catalog paimon, String database, String table, Map<String, String> overwrite,
            List<Object[]> rows) {
        try {
            Table t = paimon.getTable(Identifier.create(database, table));
            List<DataField> fields = t.rowType().getFields();
            BatchWriteBuilder builder = t.newBatchWriteBuilder();
            if (overwrite != null) {
                builder = builder.withOverwrite(overwrite);
            }
            try (BatchTableWrite write = builder.newWrite(); BatchTableCommit commit = builder.newCommit()) {
                for (Object[] row : rows) {
                    GenericRow r = new GenericRow(fields.size());
                    for (int i = 0; i < fields.size(); i++) {
                        r.setField(i, paimon(row[i], fields.get(i)));
                    }
                    write.write(r);
                }
                commit.commit(write.prepareCommit());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot write " + database + "." + table + ": " + e, e);
        }
    }

    private static Object paimon(Object v, DataField field) {
        if (v instanceof BigDecimal d && field.type() instanceof DecimalType t) {
            Decimal exact = Decimal.fromBigDecimal(d, t.getPrecision(), t.getScale());
            // Paimon rounds to the column's scale and gives null when the integer digits do not fit: neither may
            // pass silently.
            if (exact == null || exact.toBigDecimal().compareTo(d) != 0) {
                throw new IllegalArgumentException(field.name() + ": " + d.toPlainString() + " does not fit "
                        + t.asSQLString() + " exactly");
            }
            return exact;
        }
        if (v instanceof String s) {
            return BinaryString.fromString(s);
        }
        if (v instanceof LocalDateTime t) {
            return Timestamp.fromLocalDateTime(t);
        }
        return v;
    }
}
