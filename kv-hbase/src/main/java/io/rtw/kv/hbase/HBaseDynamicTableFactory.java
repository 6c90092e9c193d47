package io.rtw.kv.hbase;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.lookup.LookupOptions;
import org.apache.flink.table.connector.source.lookup.cache.DefaultLookupCache;
import org.apache.flink.table.connector.source.lookup.cache.LookupCache;
import org.apache.flink.table.factories.DynamicTableFactory;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code 'connector' = 'rtw-hbase'}: an HBase table as an upsert sink and as an async, cached lookup source.
 * Found by identifier through Flink's factory SPI; unknown options are rejected with the supported list.
 */
public final class HBaseDynamicTableFactory implements DynamicTableSourceFactory, DynamicTableSinkFactory {

    /** The value of {@code 'connector'}. */
    public static final String IDENTIFIER = "rtw-hbase";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(HBaseOptions.TABLE_NAME, HBaseOptions.ZOOKEEPER_QUORUM);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        Set<ConfigOption<?>> o = new LinkedHashSet<>();
        o.add(HBaseOptions.ZOOKEEPER_ZNODE_PARENT);
        o.add(HBaseOptions.COLUMN_FAMILY);
        o.add(HBaseOptions.ROW_KEY_DELIMITER);
        o.add(HBaseOptions.REQUEST_TIMEOUT);
        o.add(HBaseOptions.SINK_BUFFER_FLUSH_MAX_ROWS);
        o.add(HBaseOptions.SINK_BUFFER_FLUSH_INTERVAL);
        o.add(HBaseOptions.SINK_MAX_RETRIES);
        o.add(HBaseOptions.SINK_RETRY_INITIAL_BACKOFF);
        o.add(HBaseOptions.SINK_RETRY_MAX_BACKOFF);
        o.add(HBaseOptions.SINK_RATE_LIMIT);
        o.add(HBaseOptions.SINK_VERSION_COLUMN);
        o.add(HBaseOptions.SINK_PARALLELISM);
        o.add(LookupOptions.CACHE_TYPE);
        o.add(LookupOptions.PARTIAL_CACHE_EXPIRE_AFTER_ACCESS);
        o.add(LookupOptions.PARTIAL_CACHE_EXPIRE_AFTER_WRITE);
        o.add(LookupOptions.PARTIAL_CACHE_MAX_ROWS);
        o.add(LookupOptions.PARTIAL_CACHE_CACHE_MISSING_KEY);
        o.add(LookupOptions.MAX_RETRIES);
        return o;
    }

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validateExcept(HBaseOptions.PROPERTIES_PREFIX);
        ReadableConfig options = helper.getOptions();
        String table = context.getObjectIdentifier().asSummaryString();
        HBaseSchema schema = schema(context, options, options.getOptional(HBaseOptions.SINK_VERSION_COLUMN)
                .orElse(null));
        int flushRows = options.get(HBaseOptions.SINK_BUFFER_FLUSH_MAX_ROWS);
        Duration interval = options.get(HBaseOptions.SINK_BUFFER_FLUSH_INTERVAL);
        int retries = options.get(HBaseOptions.SINK_MAX_RETRIES);
        Duration initial = options.get(HBaseOptions.SINK_RETRY_INITIAL_BACKOFF);
        Duration max = options.get(HBaseOptions.SINK_RETRY_MAX_BACKOFF);
        double rate = options.getOptional(HBaseOptions.SINK_RATE_LIMIT).orElse(0d);
        check(flushRows >= 1, table, HBaseOptions.SINK_BUFFER_FLUSH_MAX_ROWS, flushRows, "at least 1");
        check(!interval.isNegative(), table, HBaseOptions.SINK_BUFFER_FLUSH_INTERVAL, interval, "0 or more");
        check(retries >= 0, table, HBaseOptions.SINK_MAX_RETRIES, retries, "0 or more");
        check(!initial.isNegative() && !initial.isZero(), table, HBaseOptions.SINK_RETRY_INITIAL_BACKOFF, initial,
                "positive");
        check(max.compareTo(initial) >= 0, table, HBaseOptions.SINK_RETRY_MAX_BACKOFF, max,
                "at least sink.retry.initial-backoff (" + initial + ")");
        options.getOptional(HBaseOptions.SINK_RATE_LIMIT).ifPresent(r -> check(r > 0 && !r.isInfinite(), table,
                HBaseOptions.SINK_RATE_LIMIT, r, "a positive number of rows per second"));
        SinkSettings settings = new SinkSettings(flushRows, interval, retries, initial, max, rate);
        return new HBaseDynamicSink(connection(context, options), schema, settings,
                options.getOptional(HBaseOptions.SINK_PARALLELISM).orElse(null));
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validateExcept(HBaseOptions.PROPERTIES_PREFIX);
        ReadableConfig options = helper.getOptions();
        String table = context.getObjectIdentifier().asSummaryString();
        HBaseSchema schema = schema(context, options, null);
        int retries = options.get(LookupOptions.MAX_RETRIES);
        check(retries >= 0, table, LookupOptions.MAX_RETRIES, retries, "0 or more");
        if (options.get(LookupOptions.CACHE_TYPE) == LookupOptions.LookupCacheType.FULL) {
            throw new ValidationException("rtw-hbase table " + table + ": 'lookup.cache' = 'FULL' is not "
                    + "supported; use 'PARTIAL' (with lookup.partial-cache.*) or 'NONE'");
        }
        LookupCache cache = options.get(LookupOptions.CACHE_TYPE) == LookupOptions.LookupCacheType.PARTIAL
                ? DefaultLookupCache.fromConfig(options)
                : null;
        return new HBaseDynamicSource(table, connection(context, options), schema, cache, retries);
    }

    private static HBaseSchema schema(DynamicTableFactory.Context context, ReadableConfig options,
            String versionColumn) {
        RowType row = (RowType) context.getPhysicalRowDataType().getLogicalType();
        List<String> names = row.getFieldNames();
        List<LogicalType> types = row.getChildren();
        return HBaseSchema.of(context.getObjectIdentifier().asSummaryString(), names, types,
                context.getPrimaryKeyIndexes(), options.get(HBaseOptions.COLUMN_FAMILY),
                options.get(HBaseOptions.ROW_KEY_DELIMITER), versionColumn);
    }

    private static ConnectionConfig connection(DynamicTableFactory.Context context, ReadableConfig options) {
        Map<String, String> props = new LinkedHashMap<>();
        context.getCatalogTable().getOptions().forEach((k, v) -> {
            if (k.startsWith(HBaseOptions.PROPERTIES_PREFIX)) {
                props.put(k.substring(HBaseOptions.PROPERTIES_PREFIX.length()), v);
            }
        });
        return new ConnectionConfig(options.get(HBaseOptions.TABLE_NAME), options.get(HBaseOptions.ZOOKEEPER_QUORUM),
                options.get(HBaseOptions.ZOOKEEPER_ZNODE_PARENT), options.get(HBaseOptions.REQUEST_TIMEOUT), props);
    }

    private static void check(boolean ok, String table, ConfigOption<?> option, Object value, String allowed) {
        if (!ok) {
            throw new ValidationException("rtw-hbase table " + table + ": '" + option.key() + "' must be " + allowed
                    + ", got " + value);
        }
    }
}
