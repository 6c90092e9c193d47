package io.rtw.kv.paimon;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.lookup.LookupOptions;
import org.apache.flink.table.connector.source.lookup.cache.DefaultLookupCache;
import org.apache.flink.table.connector.source.lookup.cache.LookupCache;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code 'connector' = 'rtw-paimon-lookup'}: single rows of a Paimon primary-key table, looked up by their whole key,
 * optionally as of a day. Found by identifier through Flink's factory SPI; unknown options are rejected with the
 * supported list, and a table of this connector used as a sink is refused naming the Paimon table to write instead.
 */
public final class PaimonLookupTableFactory implements DynamicTableSourceFactory, DynamicTableSinkFactory {

    /** The value of {@code 'connector'}. */
    public static final String IDENTIFIER = "rtw-paimon-lookup";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return new LinkedHashSet<>(List.of(PaimonLookupOptions.WAREHOUSE, PaimonLookupOptions.DATABASE,
                PaimonLookupOptions.TABLE));
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return new LinkedHashSet<>(List.of(PaimonLookupOptions.AS_OF_COLUMN, LookupOptions.CACHE_TYPE,
                LookupOptions.PARTIAL_CACHE_EXPIRE_AFTER_ACCESS, LookupOptions.PARTIAL_CACHE_EXPIRE_AFTER_WRITE,
                LookupOptions.PARTIAL_CACHE_MAX_ROWS, LookupOptions.PARTIAL_CACHE_CACHE_MISSING_KEY));
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validateExcept(PaimonLookupOptions.CATALOG_PREFIX);
        ReadableConfig options = helper.getOptions();
        String table = context.getObjectIdentifier().asSummaryString();
        RowType row = (RowType) context.getPhysicalRowDataType().getLogicalType();
        List<String> names = row.getFieldNames();
        List<String> key = Arrays.stream(context.getPrimaryKeyIndexes()).mapToObj(names::get).toList();
        if (key.isEmpty()) {
            throw new ValidationException("rtw-paimon-lookup table " + table + ": declare the Paimon table's primary "
                    + "key with PRIMARY KEY (col, ...) NOT ENFORCED; lookups give all of it");
        }
        String asOf = options.getOptional(PaimonLookupOptions.AS_OF_COLUMN).orElse(null);
        if (asOf != null) {
            if (!key.contains(asOf)) {
                throw new ValidationException("rtw-paimon-lookup table " + table + ": '"
                        + PaimonLookupOptions.AS_OF_COLUMN.key() + "' must be a primary key column ("
                        + String.join(", ", key) + "), got '" + asOf + "'");
            }
            LogicalType type = row.getTypeAt(names.indexOf(asOf));
            if (!type.is(LogicalTypeFamily.CHARACTER_STRING) && !type.is(LogicalTypeRoot.DATE)) {
                throw new ValidationException("rtw-paimon-lookup table " + table + ": '"
                        + PaimonLookupOptions.AS_OF_COLUMN.key() + "' must be a STRING or DATE column, got '" + asOf
                        + "' of type " + type.asSummaryString());
            }
        }
        if (options.get(LookupOptions.CACHE_TYPE) == LookupOptions.LookupCacheType.FULL) {
            throw new ValidationException("rtw-paimon-lookup table " + table + ": 'lookup.cache' = 'FULL' is not "
                    + "supported; use 'PARTIAL' (with lookup.partial-cache.*) or 'NONE'");
        }
        LookupCache cache = options.get(LookupOptions.CACHE_TYPE) == LookupOptions.LookupCacheType.PARTIAL
                ? DefaultLookupCache.fromConfig(options)
                : null;
        Declaration declared = new Declaration(table, names, row.getChildren(), key, asOf);
        return new PaimonLookupSource(spec(context, options), declared, cache);
    }

    /** Always refused: the connector only reads; jobs write the Paimon table itself. */
    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        ReadableConfig options = FactoryUtil.createTableFactoryHelper(this, context).getOptions();
        throw new ValidationException("rtw-paimon-lookup table " + context.getObjectIdentifier().asSummaryString()
                + " is read-only: it looks rows up in Paimon table " + options.get(PaimonLookupOptions.DATABASE) + "."
                + options.get(PaimonLookupOptions.TABLE) + "; write that table instead");
    }

    private static TableSpec spec(Context context, ReadableConfig options) {
        Map<String, String> catalog = new LinkedHashMap<>();
        context.getCatalogTable().getOptions().forEach((k, v) -> {
            if (k.startsWith(PaimonLookupOptions.CATALOG_PREFIX)) {
                catalog.put(k.substring(PaimonLookupOptions.CATALOG_PREFIX.length()), v);
            }
        });
        return new TableSpec(options.get(PaimonLookupOptions.WAREHOUSE), catalog,
                options.get(PaimonLookupOptions.DATABASE), options.get(PaimonLookupOptions.TABLE));
    }
}
