package io.rtw.runtime;

import org.apache.flink.types.Row;

import java.util.ArrayList;
import java.util.List;

/** A query's column names and rows; values are Flink's Java values (null for SQL NULL). */
public record QueryResult(List<String> columns, List<Row> rows) {

    /** The column names, then every row, as text: {@code NULL} for null, {@code <N bytes>} for binary values. */
    public List<List<String>> text() {
        List<List<String>> out = new ArrayList<>();
        out.add(columns);
        for (Row r : rows) {
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < r.getArity(); i++) {
                Object v = r.getField(i);
                cells.add(v == null ? "NULL" : v instanceof byte[] b ? "<" + b.length + " bytes>" : v.toString());
            }
            out.add(cells);
        }
        return out;
    }
}
