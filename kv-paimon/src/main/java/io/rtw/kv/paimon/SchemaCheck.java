package io.rtw.kv.paimon;

import org.apache.flink.table.types.logical.LogicalType;
import org.apache.paimon.CoreOptions;
import org.apache.paimon.flink.LogicalTypeConversion;
import org.apache.paimon.types.DataField;
import org.apache.paimon.types.RowType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Compares a lookup table's declaration with the Paimon table it reads, before the first lookup: every declared
 * column exists with an equal type, the declared key is the table's primary key, the as-of column partitions it,
 * and the table has fixed buckets (so a key's bucket can be computed and a lookup reads one bucket).
 */
final class SchemaCheck {

    private SchemaCheck() {}

    /**
     * Every mismatch, one sentence each naming the Paimon table and the column; empty when the table fits.
     *
     * @param table the Paimon table's {@code database.table}
     */
    static List<String> problems(Declaration declared, String table, RowType actual, List<String> primaryKeys,
            List<String> partitionKeys, Map<String, String> options) {
        List<String> problems = new ArrayList<>();
        String paimon = "Paimon table " + table;
        for (int i = 0; i < declared.columns().size(); i++) {
            String column = declared.columns().get(i);
            LogicalType want = declared.types().get(i);
            if (!actual.containsField(column)) {
                problems.add(paimon + " has no column '" + column + "' (declared by " + declared.flinkTable()
                        + "); its columns: " + columns(actual));
                continue;
            }
            DataField field = actual.getField(column);
            LogicalType have = LogicalTypeConversion.toLogicalType(field.type());
            if (!want.copy(true).equals(have.copy(true))) {
                problems.add("column '" + column + "' is " + want.asSummaryString() + " in " + declared.flinkTable()
                        + " but " + have.asSummaryString() + " in " + paimon);
            } else if (!want.isNullable() && have.isNullable()) {
                problems.add("column '" + column + "' is NOT NULL in " + declared.flinkTable() + " but nullable in "
                        + paimon);
            }
        }
        if (primaryKeys.isEmpty()) {
            problems.add(paimon + " has no primary key: rtw-paimon-lookup reads single rows of a primary-key table");
        } else if (!new HashSet<>(primaryKeys).equals(new HashSet<>(declared.primaryKey()))) {
            problems.add("the primary key of " + declared.flinkTable() + " (" + String.join(", ", declared.primaryKey())
                    + ") is not the primary key of " + paimon + " (" + String.join(", ", primaryKeys)
                    + "): a lookup gives the table's whole primary key");
        }
        declared.asOf().filter(c -> !partitionKeys.contains(c)).ifPresent(c -> problems.add("lookup.as-of-column '" + c
                + "' is not a partition column of " + paimon + " (partition columns: "
                + (partitionKeys.isEmpty() ? "none" : String.join(", ", partitionKeys)) + ")"));
        int buckets = CoreOptions.fromMap(options).bucket();
        if (!primaryKeys.isEmpty() && buckets < 1) {
            problems.add(paimon + " has 'bucket' = '" + buckets + "' (" + (buckets == -2 ? "postponed" : "dynamic")
                    + " buckets): a key's bucket cannot be computed, so every lookup would read every bucket of a "
                    + "partition; rtw-paimon-lookup reads tables with a fixed number of buckets ('bucket' = 'N')");
        }
        return problems;
    }

    private static String columns(RowType type) {
        return type.getFields().stream()
                .map(f -> f.name() + " " + LogicalTypeConversion.toLogicalType(f.type()).asSummaryString())
                .collect(Collectors.joining(", "));
    }
}
