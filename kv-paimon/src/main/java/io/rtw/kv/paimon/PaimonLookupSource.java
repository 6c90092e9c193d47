package io.rtw.kv.paimon;

import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.LookupTableSource;
import org.apache.flink.table.connector.source.abilities.SupportsProjectionPushDown;
import org.apache.flink.table.connector.source.lookup.LookupFunctionProvider;
import org.apache.flink.table.connector.source.lookup.PartialCachingLookupProvider;
import org.apache.flink.table.connector.source.lookup.cache.LookupCache;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;

import java.util.ArrayList;
import java.util.List;

/**
 * The planner's view of a Paimon table as a lookup source: point reads by the whole primary key, of the columns the
 * query uses, behind Flink's lookup cache when one is configured. It is a scan source only to refuse scans with a
 * clear message (the planner's own, for a source that cannot scan, names no cause).
 */
final class PaimonLookupSource implements LookupTableSource, SupportsProjectionPushDown {

    private final TableSpec spec;
    private final Declaration declared;
    private final LookupCache cache;
    private List<String> fields;

    /** @param cache the lookup cache, or null for none */
    PaimonLookupSource(TableSpec spec, Declaration declared, LookupCache cache) {
        this(spec, declared, cache, declared.columns());
    }

    private PaimonLookupSource(TableSpec spec, Declaration declared, LookupCache cache, List<String> fields) {
        this.spec = spec;
        this.declared = declared;
        this.cache = cache;
        this.fields = fields;
    }

    @Override
    public LookupRuntimeProvider getLookupRuntimeProvider(LookupContext context) {
        List<String> keyNames = new ArrayList<>();
        List<String> notKey = new ArrayList<>();
        for (int[] path : context.getKeys()) {
            String column = fields.get(path[0]);
            if (path.length != 1 || !declared.primaryKey().contains(column)) {
                notKey.add(column);
            } else {
                keyNames.add(column);
            }
        }
        List<String> missing = new ArrayList<>(declared.primaryKey());
        missing.removeAll(keyNames);
        if (!missing.isEmpty() || !notKey.isEmpty()) {
            throw new ValidationException("a lookup join on rtw-paimon-lookup table " + declared.flinkTable()
                    + " must give every primary key column (" + String.join(", ", declared.primaryKey())
                    + ") with an equality condition and no other column"
                    + (missing.isEmpty() ? "" : "; missing: " + String.join(", ", missing))
                    + (notKey.isEmpty() ? "" : "; not key columns: " + String.join(", ", notKey)));
        }
        LogicalType[] keyTypes = keyNames.stream().map(declared::type).toArray(LogicalType[]::new);
        PaimonLookupFunction fn = new PaimonLookupFunction(spec, declared, fields, keyNames, keyTypes);
        return cache == null ? LookupFunctionProvider.of(fn) : PartialCachingLookupProvider.of(fn, cache);
    }

    @Override
    public boolean supportsNestedProjection() {
        return false;
    }

    @Override
    public void applyProjection(int[][] projectedFields, DataType producedDataType) {
        List<String> projected = new ArrayList<>();
        for (int[] path : projectedFields) {
            projected.add(fields.get(path[0]));
        }
        fields = projected;
    }

    @Override
    public DynamicTableSource copy() {
        return new PaimonLookupSource(spec, declared, cache, fields);
    }

    @Override
    public String asSummaryString() {
        return "rtw-paimon-lookup(" + spec.name() + ")";
    }
}
