package io.rtw.kv.paimon;

import org.apache.flink.table.types.logical.LogicalType;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * A lookup table as its Flink DDL declares it: every physical column with its type, the primary key and the as-of
 * column.
 *
 * @param flinkTable the Flink table's full name, for messages
 * @param asOfColumn the {@code lookup.as-of-column}, or null
 */
record Declaration(String flinkTable, List<String> columns, List<LogicalType> types, List<String> primaryKey,
        String asOfColumn) implements Serializable {

    Declaration {
        columns = List.copyOf(columns);
        types = List.copyOf(types);
        primaryKey = List.copyOf(primaryKey);
    }

    Optional<String> asOf() {
        return Optional.ofNullable(asOfColumn);
    }

    LogicalType type(String column) {
        return types.get(columns.indexOf(column));
    }
}
