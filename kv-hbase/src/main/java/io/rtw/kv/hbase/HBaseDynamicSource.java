package io.rtw.kv.hbase;

import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.LookupTableSource;
import org.apache.flink.table.connector.source.lookup.AsyncLookupFunctionProvider;
import org.apache.flink.table.connector.source.lookup.PartialCachingAsyncLookupProvider;
import org.apache.flink.table.connector.source.lookup.cache.LookupCache;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The planner's view of an HBase table as a lookup source: point gets by the full PRIMARY KEY, asynchronous,
 * behind Flink's lookup cache when one is configured.
 */
final class HBaseDynamicSource implements LookupTableSource {

    private final String table;
    private final ConnectionConfig connection;
    private final HBaseSchema schema;
    private final LookupCache cache;
    private final int maxRetries;

    /**
     * @param table the Flink table's name, for messages
     * @param cache the lookup cache, or null for none
     */
    HBaseDynamicSource(String table, ConnectionConfig connection, HBaseSchema schema, LookupCache cache,
            int maxRetries) {
        this.table = table;
        this.connection = connection;
        this.schema = schema;
        this.cache = cache;
        this.maxRetries = maxRetries;
    }

    @Override
    public LookupRuntimeProvider getLookupRuntimeProvider(LookupContext context) {
        int[][] keys = context.getKeys();
        int[] pk = schema.keyPositions();
        int[] keyRowIndex = new int[pk.length];
        Arrays.fill(keyRowIndex, -1);
        List<String> extra = new ArrayList<>();
        for (int j = 0; j < keys.length; j++) {
            int col = keys[j][0];
            int i = indexOf(pk, col);
            if (keys[j].length != 1 || i < 0) {
                extra.add(schema.columnName(col));
            } else {
                keyRowIndex[i] = j;
            }
        }
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < pk.length; i++) {
            if (keyRowIndex[i] < 0) {
                missing.add(schema.columnName(pk[i]));
            }
        }
        if (!missing.isEmpty() || !extra.isEmpty()) {
            List<String> keyNames = new ArrayList<>();
            for (int k : pk) {
                keyNames.add(schema.columnName(k));
            }
            throw new ValidationException("a lookup join on rtw-hbase table " + table + " must give every key "
                    + "column (" + String.join(", ", keyNames) + ") with an equality condition and no other column"
                    + (missing.isEmpty() ? "" : "; missing: " + String.join(", ", missing))
                    + (extra.isEmpty() ? "" : "; not key columns: " + String.join(", ", extra)));
        }
        HBaseAsyncLookupFunction fn = new HBaseAsyncLookupFunction(connection, schema, keyRowIndex, maxRetries);
        return cache == null ? AsyncLookupFunctionProvider.of(fn) : PartialCachingAsyncLookupProvider.of(fn, cache);
    }

    private static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public DynamicTableSource copy() {
        return new HBaseDynamicSource(table, connection, schema, cache, maxRetries);
    }

    @Override
    public String asSummaryString() {
        return "rtw-hbase(" + connection.tableName() + ")";
    }
}
